import { analyzeText } from '../morphology/analyzer';
import { isStopWord } from '../morphology/stop-words';
import { tokenizeWords } from '../morphology/tokenizer';
import { SEARCH_QUERY_MAX_LENGTH, SEARCH_QUERY_MAX_TERMS, SearchErrorCode } from '../search.errors';
import { letterNumberFragment, normalizeLetterNumber } from './letter-number';
import { ParseResult, QueryNode } from './search-query';

type Lexeme =
  | { type: 'open'; negated: boolean }
  | { type: 'close' }
  | { type: 'or' }
  | { type: 'phrase'; text: string; negated: boolean }
  | { type: 'chunk'; text: string; negated: boolean };

/** Web-search syntax into lexemes: `(`, `)`, `OR`, `"phrase"`, chunks; a leading `-` negates. */
function lex(q: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let negated = false;
    while (q[i] === '-') {
      negated = !negated;
      i++;
    }
    if (i >= q.length || /\s/.test(q[i])) continue; // a lone "-"
    const d = q[i];
    if (d === '(') {
      out.push({ type: 'open', negated });
      i++;
    } else if (d === ')') {
      out.push({ type: 'close' });
      i++;
    } else if (d === '"' || d === '\u201c' || d === '\u201d') {
      let end = i + 1;
      while (end < q.length && !'"\u201c\u201d'.includes(q[end])) end++;
      out.push({ type: 'phrase', text: q.slice(i + 1, end), negated });
      i = end + 1; // an unclosed quote runs to the end
    } else {
      let end = i;
      while (end < q.length && !/[\s()"\u201c\u201d]/.test(q[end])) end++;
      const text = q.slice(i, end);
      if (!negated && (text === 'OR' || text === 'or' || text === '|')) out.push({ type: 'or' });
      else out.push({ type: 'chunk', text, negated });
      i = end;
    }
  }
  return out;
}

class Parser {
  private at = 0;
  readonly ignored: string[] = [];
  stopWordsSeen = 0;

  constructor(private readonly lexemes: Lexeme[]) {}

  /** sequence := or-expr*   (juxtaposition is AND; OR binds tighter, as in web search) */
  sequence(inGroup: boolean): QueryNode | null {
    const items: QueryNode[] = [];
    while (this.at < this.lexemes.length) {
      const next = this.lexemes[this.at];
      if (next.type === 'close') {
        this.at++;
        if (inGroup) break;
        this.ignored.push(')'); // unbalanced: ignored
        continue;
      }
      if (next.type === 'or') {
        this.at++;
        this.ignored.push('OR'); // OR with nothing on its left
        continue;
      }
      const node = this.orExpr();
      if (node) items.push(node);
    }
    return combine('and', items);
  }

  private orExpr(): QueryNode | null {
    const sides: QueryNode[] = [];
    const first = this.unary();
    if (first) sides.push(first);
    while (this.lexemes[this.at]?.type === 'or') {
      this.at++;
      const following = this.lexemes[this.at];
      if (!following || following.type === 'close' || following.type === 'or') {
        this.ignored.push('OR');
        break;
      }
      const side = this.unary();
      if (side) sides.push(side);
    }
    return combine('or', sides);
  }

  private unary(): QueryNode | null {
    const lexeme = this.lexemes[this.at++];
    let node: QueryNode | null;
    let negated = false;
    switch (lexeme.type) {
      case 'open':
        negated = lexeme.negated;
        node = this.sequence(true);
        break;
      case 'phrase':
        negated = lexeme.negated;
        node = this.phrase(lexeme.text);
        break;
      case 'chunk':
        negated = lexeme.negated;
        node = this.chunk(lexeme.text);
        break;
      default:
        return null; // unreachable: sequence() consumes close and or
    }
    if (!node) return null;
    return negated ? { kind: 'not', child: node } : node;
  }

  private phrase(text: string): QueryNode | null {
    const tokens = tokenizeWords(text);
    const words: string[] = [];
    const gaps: number[] = [];
    let last = 0;
    for (const { word, position } of tokens) {
      if (isStopWord(word)) {
        this.stopWordsSeen++;
        continue;
      }
      gaps.push(words.length === 0 ? 0 : position - last);
      words.push(word);
      last = position;
    }
    if (words.length === 0) {
      if (text.trim()) this.ignored.push(`"${text}"`);
      return null;
    }
    return { kind: 'phrase', words, gaps };
  }

  private chunk(text: string): QueryNode | null {
    const fragment = letterNumberFragment(text);
    if (fragment) return { kind: 'number', raw: fragment, normalized: normalizeLetterNumber(fragment) };
    const tokens = tokenizeWords(text);
    const terms = analyzeText(text);
    this.stopWordsSeen += tokens.length - terms.length;
    if (terms.length === 0) {
      this.ignored.push(text);
      return null;
    }
    const seen = new Set<string>();
    const words: QueryNode[] = [];
    for (const t of terms) {
      if (seen.has(t.stem)) continue;
      seen.add(t.stem);
      words.push({ kind: 'word', word: t.word, stem: t.stem });
    }
    return combine('and', words);
  }
}

function combine(kind: 'and' | 'or', items: QueryNode[]): QueryNode | null {
  const flat = items.flatMap((n) => (n.kind === kind ? n.children : [n]));
  if (flat.length === 0) return null;
  if (flat.length === 1) return flat[0];
  return { kind, children: flat };
}

/** Whether every match must contain something positive (so the index can find it). */
export function requiresPositive(node: QueryNode): boolean {
  switch (node.kind) {
    case 'word':
    case 'phrase':
    case 'number':
      return true;
    case 'not':
      return false;
    case 'and':
      return node.children.some(requiresPositive);
    case 'or':
      return node.children.every(requiresPositive);
  }
}

export function countTerms(node: QueryNode): number {
  switch (node.kind) {
    case 'word':
    case 'number':
      return 1;
    case 'phrase':
      return node.words.length;
    case 'not':
      return countTerms(node.child);
    case 'and':
    case 'or':
      return node.children.reduce((sum, c) => sum + countTerms(c), 0);
  }
}

/**
 * Parses `q` of `GET /api/v1/search`: words (stemmed), `"a phrase"` (as written), `-word`,
 * `-"phrase"`, `OR`/`or` between terms, optional parentheses, letter-number fragments.
 * Never throws: a query that cannot be searched comes back as a refusal with a code.
 */
export function parseSearchQuery(q: string | null | undefined): ParseResult {
  const text = q ?? '';
  if (text.length > SEARCH_QUERY_MAX_LENGTH) {
    return refuse(SearchErrorCode.SEARCH_QUERY_TOO_LONG, `The query is longer than ${SEARCH_QUERY_MAX_LENGTH} characters`);
  }
  const parser = new Parser(lex(text));
  const root = parser.sequence(false);
  if (!root) {
    return parser.stopWordsSeen > 0
      ? refuse(SearchErrorCode.SEARCH_QUERY_ONLY_STOP_WORDS, 'The query holds only words that are not indexed (dan, yang, di ...)')
      : refuse(SearchErrorCode.SEARCH_QUERY_EMPTY, 'The query holds no word to search for');
  }
  if (countTerms(root) > SEARCH_QUERY_MAX_TERMS) {
    return refuse(SearchErrorCode.SEARCH_QUERY_TOO_COMPLEX, `The query holds more than ${SEARCH_QUERY_MAX_TERMS} terms`);
  }
  if (!requiresPositive(root)) {
    return refuse(SearchErrorCode.SEARCH_QUERY_ONLY_NEGATIONS, 'The query says only what to leave out; add a word to search for');
  }
  return { ok: true, root, ignored: parser.ignored };
}

function refuse(code: SearchErrorCode, message: string): ParseResult {
  return { ok: false, code, message };
}
