import { SearchErrorCode } from '../search.errors';

/** A word of the query: matched by its root in the stemmed vector. */
export interface WordNode {
  kind: 'word';
  /** As typed, lower case. */
  word: string;
  stem: string;
}

/** A quoted phrase: its words as written, in order, in the unstemmed vector. */
export interface PhraseNode {
  kind: 'phrase';
  /** Words after stop words are dropped; `gaps[i]` is the distance from `words[i - 1]` (gaps[0] = 0). */
  words: string[];
  gaps: number[];
}

/** A fragment of a letter number, matched against the normalised number column. */
export interface NumberNode {
  kind: 'number';
  raw: string;
  normalized: string;
}

export interface AndNode {
  kind: 'and';
  children: QueryNode[];
}

export interface OrNode {
  kind: 'or';
  children: QueryNode[];
}

export interface NotNode {
  kind: 'not';
  child: QueryNode;
}

export type QueryNode = WordNode | PhraseNode | NumberNode | AndNode | OrNode | NotNode;

export interface ParsedQuery {
  ok: true;
  root: QueryNode;
  /** Stop words and operators dropped, for an honest "searched for …" line. */
  ignored: string[];
}

export interface QueryRefusal {
  ok: false;
  code: SearchErrorCode;
  message: string;
}

export type ParseResult = ParsedQuery | QueryRefusal;
