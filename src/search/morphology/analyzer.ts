import { createHash } from 'node:crypto';
import { INDONESIAN_STOP_WORDS, isStopWord } from './stop-words';
import { indonesianStemmer, stemWord } from './stemmer';
import { tokenizeWords } from './tokenizer';

export type TsvectorWeight = 'A' | 'B' | 'C' | 'D';

export interface AnalyzedTerm {
  /** The word as written, lower case, accents removed (the unstemmed vector, phrases). */
  word: string;
  /** Its root (the stemmed vector, words of a query). */
  stem: string;
  position: number;
}

/** PostgreSQL keeps positions up to 16383 and at most 256 per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_LEXEME = 255;

/** The words of a text that go into the index: stop words out, positions kept. */
export function analyzeText(text: string): AnalyzedTerm[] {
  const out: AnalyzedTerm[] = [];
  for (const { word, position } of tokenizeWords(text)) {
    if (isStopWord(word)) continue;
    out.push({ word, stem: stemWord(word), position });
  }
  return out;
}

/** A lexeme quoted for tsvector/tsquery input: `'...'`, quotes doubled, backslashes escaped. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * A tsvector in PostgreSQL's input syntax, to be bound as a parameter and cast: `$1::tsvector`
 * (never concatenated into SQL). `which` picks the roots (stemmed vector) or the words as
 * written (phrase vector); `weight` labels every position (A number/subject ... D attachments).
 * The cast does not re-parse lexemes, so the index holds exactly what the query side builds.
 */
export function toTsvectorLiteral(terms: readonly AnalyzedTerm[], which: 'stem' | 'word', weight?: TsvectorWeight): string {
  const positions = new Map<string, number[]>();
  for (const term of terms) {
    const lexeme = term[which];
    let list = positions.get(lexeme);
    if (!list) positions.set(lexeme, (list = []));
    if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(Math.min(term.position, MAX_POSITION));
  }
  const suffix = weight && weight !== 'D' ? weight : '';
  const parts: string[] = [];
  for (const [lexeme, list] of positions) {
    parts.push(`${quoteLexeme(lexeme)}:${[...new Set(list)].map((p) => `${p}${suffix}`).join(',')}`);
  }
  return parts.join(' ');
}

export interface IndexedText {
  /** Roots, for `to_tsquery('simple', …)` built by the query side. Bind as `$n::tsvector`. */
  stemmed: string;
  /** Words as written, for phrases. Bind as `$n::tsvector`. */
  plain: string;
}

/** Both vectors of one field of a letter, e.g. `indexText(subject, 'A')`. */
export function indexText(text: string, weight?: TsvectorWeight): IndexedText {
  const terms = analyzeText(text);
  return { stemmed: toTsvectorLiteral(terms, 'stem', weight), plain: toTsvectorLiteral(terms, 'word', weight) };
}

/**
 * What decides the stored vectors, as one hex string: the stemmer's fingerprint (code version,
 * roots, exceptions) and the stop words. Stored beside the index (search_index_state): when it
 * differs at start, every letter is queued to be indexed again.
 */
export function analyzerFingerprint(): string {
  return createHash('sha256')
    .update(indonesianStemmer().fingerprint)
    .update('\n--\n')
    .update([...INDONESIAN_STOP_WORDS].sort().join('\n'))
    .digest('hex')
    .slice(0, 32);
}
