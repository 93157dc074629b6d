/**
 * How text becomes the words of the index and of a query: one set of functions for both
 * sides, so that what is indexed is what a query looks for.
 */

/** Lower case without diacritics. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a text, folded: runs of letters and digits. */
export function words(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A word → its stem. The Indonesian stemmer (search/morphology) plugs in here. */
export type Stem = (word: string) => string;

export const noStem: Stem = (word) => word;

/** The stemmed words of a text, space-separated, as `to_tsvector('simple', …)` reads them. */
export function stemmedText(text: string, stem: Stem): string {
  return words(text)
    .map((w) => stem(w))
    .join(' ');
}

/** The folded words of a text, space-separated, unstemmed. */
export function plainText(text: string): string {
  return words(text).join(' ');
}

/** Letters OCR mistakes for digits, folded back inside a run that holds a digit: `2O26` is `2026`. */
const DIGIT_LOOKALIKES: Record<string, string> = { o: '0', i: '1', l: '1' };

/**
 * A letter, sender or agenda number as the index keeps it and a query looks for it: folded,
 * white space dropped, and in each segment between separators (`/ . -`) that holds a digit,
 * the letters OCR takes for digits read as those digits. `000.8.3.3/215/DINKES/2O26` →
 * `000.8.3.3/215/dinkes/2026`.
 */
export function normaliseNumber(text: string): string {
  return fold(text)
    .replace(/\s+/g, '')
    .split(/([/.\-])/)
    .map((segment) => (/\d/.test(segment) && /^[\doil]+$/.test(segment) ? segment.replace(/[oil]/g, (c) => DIGIT_LOOKALIKES[c]) : segment))
    .join('');
}

/** Whether a query token is (a fragment of) a number rather than a word: it holds a digit or a separator between two characters. */
export function looksLikeNumber(token: string): boolean {
  return /\d/.test(token) || /\S[/.]\S/.test(token);
}
