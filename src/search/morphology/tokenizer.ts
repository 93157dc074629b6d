/** Longer runs are not words (hashes, base64, OCR noise) and would bloat the index. */
export const MAX_WORD_LENGTH = 48;

export interface WordToken {
  /** Lower-case letters and digits, accents removed. */
  word: string;
  /** 1-based position among all words of the text, stop words included (phrases keep their gaps). */
  position: number;
}

/** Lower case, accents removed (é → e), every other character kept. */
export function normalizeText(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/**
 * Words of a text: runs of letters and digits. Hyphens, slashes and dots split words, so a
 * reduplication (`surat-surat`) gives the word twice and a letter number gives its parts;
 * PostgreSQL's `simple` parser reads each of these tokens back as one lexeme unchanged.
 * Digits misread by OCR inside a number (`2o26`) are read as digits on both sides.
 */
export function tokenizeWords(text: string): WordToken[] {
  const out: WordToken[] = [];
  let position = 0;
  for (const match of normalizeText(text).matchAll(/[a-z0-9]+/g)) {
    position++;
    if (match[0].length > MAX_WORD_LENGTH) continue;
    out.push({ word: fixOcrDigits(match[0]), position });
  }
  return out;
}

/** A word of digits with an OCR'd o, i or l among them (`2o26`, `l5`) reads as digits. */
export function fixOcrDigits(word: string): string {
  return /[0-9]/.test(word) && /^[0-9oil]+$/.test(word) ? word.replace(/o/g, '0').replace(/[il]/g, '1') : word;
}
