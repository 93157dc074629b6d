import { createHash } from 'node:crypto';
import { Stemmer as SastrawiStemmer } from 'sastrawijs';
import { EXTRA_ROOTS, STEM_EXCEPTIONS } from './exceptions';
import { bundledRootWordsFile, loadRootWords } from './root-words';

/** Memoised words; the cache is dropped whole when full (letters reuse a small vocabulary). */
const CACHE_LIMIT = 100_000;

/**
 * Bump when the stemming code changes what it gives for a word (the root list and the
 * exceptions are part of the fingerprint already): the index is then rebuilt on the next start.
 */
const STEMMER_CODE_VERSION = 2;

/**
 * Indonesian stemmer: our exceptions first, then Sastrawi's rules (sastrawijs, MIT) over a
 * root-word list we give it: hunspell-id's `id_ID.dic` (LGPL-3, read at run time from
 * third_party/hunspell-id/ or SEARCH_ROOT_WORDS_FILE; never Sastrawi's own Kateglo list, CC BY-NC-SA).
 * Input is one lower-case word of letters and digits as the tokenizer gives it; words with
 * digits and words of fewer than four letters come back unchanged.
 */
export class IndonesianStemmer {
  private readonly sastrawi: SastrawiStemmer;
  private readonly cache = new Map<string, string>();
  /** SHA-256 over the code version, the roots and the exceptions: what decides every stem. */
  readonly fingerprint: string;

  constructor(roots: readonly string[] = loadRootWords(bundledRootWordsFile()).words) {
    const all = [...new Set([...roots, ...EXTRA_ROOTS])].sort();
    // The constructor's list replaces the bundled Kateglo list (addToDict() of 1.1.0 loses `this`).
    this.sastrawi = new SastrawiStemmer(all);
    this.fingerprint = createHash('sha256')
      .update(`stemmer ${STEMMER_CODE_VERSION}\n`)
      .update(all.join('\n'))
      .update('\n--\n')
      .update(JSON.stringify([...STEM_EXCEPTIONS].sort()))
      .digest('hex');
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

let rootWordsFile: string | undefined;
let shared: IndonesianStemmer | undefined;

/**
 * Uses this root-word list from now on (SEARCH_ROOT_WORDS_FILE; empty: the bundled one). Reads
 * it at once, so a missing file fails the start with its name (RootWordsError).
 */
export function configureRootWords(file: string | undefined): void {
  const wanted = file || undefined;
  if (shared && wanted === rootWordsFile) return;
  shared = new IndonesianStemmer(loadRootWords(wanted ?? bundledRootWordsFile()).words);
  rootWordsFile = wanted;
}

/** One stemmer per process (the dictionary is some 30,000 roots; the cache is shared). */
export function indonesianStemmer(): IndonesianStemmer {
  shared ??= new IndonesianStemmer();
  return shared;
}

export function stemWord(word: string): string {
  return indonesianStemmer().stem(word);
}
