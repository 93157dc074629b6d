/**
 * Letter numbers as the search compares them: lower case (as C2's index stores them), no spaces, and inside a segment
 * that holds digits (between `/`, `.`, `-`) the OCR confusions O → 0 and I, L, | → 1, so a
 * scanned `2O26` or `l5` reads as `2026` and `15` while `DINKES` stays `dinkes`. C2 stores
 * numbers through the same function, so both sides compare the same text.
 */
export function normalizeLetterNumber(raw: string): string {
  const compact = raw.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  return compact
    .split(/([./-])/)
    .map((segment) => (/[0-9]/.test(segment) && /^[0-9oil|]+$/.test(segment) ? segment.replace(/o/g, '0').replace(/[il|]/g, '1') : segment))
    .join('');
}

const TRAILING_PUNCTUATION = /[,;:!?.]+$/;

/**
 * Whether a chunk of a query (no spaces) is a fragment of a letter number: parts joined by
 * `/` with a digit somewhere (`215/DINKES`, `B/123/2026`, `000.8.3.3/215/DINKES/2026`), or a
 * dotted classification code (`000.8.3.3`, `800.1`). Returns the chunk without trailing
 * punctuation, or null.
 */
export function letterNumberFragment(chunk: string): string | null {
  const text = chunk.replace(TRAILING_PUNCTUATION, '');
  if (!/^[\p{L}\p{N}./\-|]+$/u.test(text)) return null;
  if (text.includes('/') && /[\p{N}OoIl]/u.test(text) && /[\p{L}\p{N}]/u.test(text.replace(/\//g, ''))) {
    return /[0-9]/.test(normalizeLetterNumber(text)) ? text : null;
  }
  if (/^[0-9]{1,3}(\.[0-9]+)+$/.test(text)) return text;
  return null;
}

/** A `LIKE … ESCAPE '\'` pattern matching the fragment anywhere in a normalised number. */
export function containsLikePattern(normalized: string): string {
  return `%${normalized.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
