import { looksLikeNumber, normaliseNumber, plainText, Stem, words } from './search-text';

/** One thing a query looks for. */
export type SearchTerm =
  | { kind: 'word'; plain: string; stem: string }
  | { kind: 'phrase'; plain: string }
  /** A letter, sender or agenda number, whole or a fragment (`215/DINKES`), normalised. */
  | { kind: 'number'; normalised: string; plain: string };

/** Terms joined by `or`; a negated clause (`-word`) has one term and excludes what it matches. */
export interface SearchClause {
  negated: boolean;
  terms: SearchTerm[];
}

/** Most clauses one query may hold, so that its SQL stays small. */
export const MAX_CLAUSES = 16;

/**
 * Reads web-search syntax: words (all of them must match), `"a phrase"`, `-word` or
 * `-"a phrase"` (must not match), `a or b`. A token with a digit or an inner `/` or `.` is a
 * number (fragment), matched whole rather than split into words. Tokens with no letters or
 * digits are ignored; an `or` with nothing on one side is a word.
 */
export function parseSearch(q: string, stem: Stem): SearchClause[] {
  const clauses: SearchClause[] = [];
  let joinNext = false;
  const tokens = q.matchAll(/(-?)"([^"]*)"?|(\S+)/g);
  const pending: { raw: string; negated: boolean; quoted: boolean }[] = [];
  for (const m of tokens) {
    if (m[2] !== undefined) pending.push({ raw: m[2], negated: m[1] === '-', quoted: true });
    else pending.push({ raw: m[3], negated: false, quoted: false });
  }
  pending.forEach((token, i) => {
    const isOr = !token.quoted && token.raw.toLowerCase() === 'or';
    if (isOr && clauses.length > 0 && !clauses[clauses.length - 1].negated && i < pending.length - 1) {
      joinNext = true;
      return;
    }
    let negated = token.negated;
    let raw = token.raw;
    if (!token.quoted && raw.startsWith('-') && raw.length > 1) {
      negated = true;
      raw = raw.slice(1);
    }
    const term = toTerm(raw, token.quoted, stem);
    if (!term) {
      joinNext = false;
      return;
    }
    const last = clauses[clauses.length - 1];
    if (joinNext && !negated && last && !last.negated) last.terms.push(term);
    else clauses.push({ negated, terms: [term] });
    joinNext = false;
  });
  return clauses;
}

function toTerm(raw: string, quoted: boolean, stem: Stem): SearchTerm | undefined {
  const plain = plainText(raw);
  if (!plain) return undefined;
  if (quoted) return plain.includes(' ') ? { kind: 'phrase', plain } : { kind: 'word', plain, stem: stem(plain) };
  const trimmed = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  if (looksLikeNumber(trimmed)) return { kind: 'number', normalised: normaliseNumber(trimmed), plain };
  const ws = words(trimmed);
  if (ws.length === 1) return { kind: 'word', plain: ws[0], stem: stem(ws[0]) };
  // `e-surat`, `surat-menyurat`: the words side by side.
  return { kind: 'phrase', plain };
}
