import { Stemmer as SastrawiStemmer } from 'sastrawijs';
import { EXTRA_ROOTS, STEM_EXCEPTIONS } from './exceptions';

/** Memoised words; the cache is dropped whole when full (letters reuse a small vocabulary). */
const CACHE_LIMIT = 100_000;

/**
 * Indonesian stemmer: our exceptions first, then Sastrawi (dictionary-based, MIT; its root
 * list comes from Kateglo, CC BY-NC-SA 3.0, see README). Input is one lower-case word of
 * letters and digits as the tokenizer gives it; words with digits and words of fewer than
 * four letters come back unchanged.
 */
export class IndonesianStemmer {
  private readonly sastrawi: SastrawiStemmer;
  private readonly cache = new Map<string, string>();

  constructor() {
    this.sastrawi = new SastrawiStemmer();
    // addToDict() of sastrawijs 1.1.0 loses `this`; its dictionary is a public record.
    const dict = this.sastrawi.internalDictionary as unknown as Record<string, string>;
    for (const root of EXTRA_ROOTS) dict[root] = '';
  }

  stem(word: string): string {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const stem = this.compute(word);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, stem);
    return stem;
  }

  private compute(word: string): string {
    const exception = STEM_EXCEPTIONS.get(word);
    if (exception !== undefined) return exception;
    if (word.length < 4 || /[0-9]/.test(word)) return word;
    return this.sastrawi.stem(word);
  }
}

let shared: IndonesianStemmer | undefined;

/** One stemmer per process (the dictionary is 30,000 roots; the cache is shared). */
export function indonesianStemmer(): IndonesianStemmer {
  shared ??= new IndonesianStemmer();
  return shared;
}

export function stemWord(word: string): string {
  return indonesianStemmer().stem(word);
}
