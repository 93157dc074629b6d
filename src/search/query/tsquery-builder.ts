import { quoteLexeme } from '../morphology/analyzer';
import { containsLikePattern } from './letter-number';
import { QueryNode } from './search-query';

/**
 * What a parsed query asks of one letter's index row, with every tsquery merged as far as
 * the boolean structure allows (`izin -tolak` is one `stemmed` condition, one GIN scan):
 * - `stemmed`: `<stemmed vector> @@ to_tsquery('simple', tsquery)`
 * - `plain`: `<unstemmed vector> @@ to_tsquery('simple', tsquery)` (phrases, words as written)
 * - `number`: `<normalised numbers> LIKE like ESCAPE '\'`
 * `tsquery` and `like` are values to bind as parameters, never SQL text.
 */
export type SearchCondition =
  | { kind: 'stemmed'; tsquery: string }
  | { kind: 'plain'; tsquery: string }
  | { kind: 'number'; like: string; normalized: string }
  | { kind: 'and' | 'or'; children: SearchCondition[] }
  | { kind: 'not'; child: SearchCondition };

/** `'a' <-> 'b' <2> 'c'`: the words in order, gaps where stop words were. */
export function phraseTsquery(words: readonly string[], gaps: readonly number[]): string {
  return words.map((w, i) => (i === 0 ? quoteLexeme(w) : `<${gaps[i] === 1 ? '-' : gaps[i]}> ${quoteLexeme(w)}`)).join(' ');
}

export function toSearchCondition(node: QueryNode): SearchCondition {
  switch (node.kind) {
    case 'word':
      return { kind: 'stemmed', tsquery: quoteLexeme(node.stem) };
    case 'phrase':
      return { kind: 'plain', tsquery: phraseTsquery(node.words, node.gaps) };
    case 'number':
      return { kind: 'number', like: containsLikePattern(node.normalized), normalized: node.normalized };
    case 'not': {
      const child = toSearchCondition(node.child);
      if (child.kind === 'stemmed' || child.kind === 'plain') return { kind: child.kind, tsquery: `!${operand(child.tsquery)}` };
      return { kind: 'not', child };
    }
    case 'and':
    case 'or':
      return merge(node.kind, node.children.map(toSearchCondition));
  }
}

/** A tsquery as an operand: one lexeme or a negated one stands alone, the rest in parentheses. */
function operand(tsquery: string): string {
  return /^!?'[^']*'$/.test(tsquery) ? tsquery : `(${tsquery})`;
}

function merge(kind: 'and' | 'or', children: SearchCondition[]): SearchCondition {
  const op = kind === 'and' ? ' & ' : ' | ';
  const stemmed: string[] = [];
  const plain: string[] = [];
  const rest: SearchCondition[] = [];
  for (const c of children) {
    if (c.kind === 'stemmed') stemmed.push(c.tsquery);
    else if (c.kind === 'plain') plain.push(c.tsquery);
    else if (c.kind === kind) rest.push(...c.children);
    else rest.push(c);
  }
  const out: SearchCondition[] = [];
  if (stemmed.length) out.push({ kind: 'stemmed', tsquery: stemmed.length === 1 ? stemmed[0] : stemmed.map(operand).join(op) });
  if (plain.length) out.push({ kind: 'plain', tsquery: plain.length === 1 ? plain[0] : plain.map(operand).join(op) });
  out.push(...rest);
  return out.length === 1 ? out[0] : { kind, children: out };
}

/**
 * The positive roots of the query OR'd, for `ts_rank_cd(<stemmed vector>, to_tsquery('simple', $n))`
 * (what a letter is ranked by; negated words do not count). Null when the query has no word.
 */
export function rankTsquery(node: QueryNode): string | null {
  const stems = new Set<string>();
  const walk = (n: QueryNode): void => {
    if (n.kind === 'word') stems.add(n.stem);
    else if (n.kind === 'and' || n.kind === 'or') n.children.forEach(walk);
  };
  walk(node);
  return stems.size ? [...stems].map(quoteLexeme).join(' | ') : null;
}

/** The positive words and phrase words as typed, for highlighting snippets. */
export function highlightWords(node: QueryNode): string[] {
  const words = new Set<string>();
  const walk = (n: QueryNode): void => {
    if (n.kind === 'word') words.add(n.word);
    else if (n.kind === 'phrase') n.words.forEach((w) => words.add(w));
    else if (n.kind === 'and' || n.kind === 'or') n.children.forEach(walk);
  };
  walk(node);
  return [...words];
}

export interface SearchColumns {
  /** The stemmed tsvector, e.g. `s.document`. */
  stemmed: string;
  /** The unstemmed tsvector, e.g. `s.phrase_document`. */
  plain: string;
  /** Normalised numbers, one text (a pg_trgm index serves the LIKE). */
  numbers: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/**
 * The WHERE fragment of a condition: column names are the caller's (checked to be plain
 * identifiers), every value goes into `params` and is referenced as `$n`.
 */
export function conditionToSql(condition: SearchCondition, columns: SearchColumns, params: unknown[]): string {
  for (const c of Object.values(columns)) if (!IDENTIFIER.test(c)) throw new Error(`Not a column name: ${c}`);
  const bind = (value: string): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const walk = (c: SearchCondition): string => {
    switch (c.kind) {
      case 'stemmed':
        return `${columns.stemmed} @@ to_tsquery('simple', ${bind(c.tsquery)})`;
      case 'plain':
        return `${columns.plain} @@ to_tsquery('simple', ${bind(c.tsquery)})`;
      case 'number':
        return `${columns.numbers} LIKE ${bind(c.like)} ESCAPE '\\'`;
      case 'not':
        return `NOT coalesce(${walk(c.child)}, false)`;
      case 'and':
      case 'or':
        return `(${c.children.map(walk).join(c.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
  };
  return walk(condition);
}
