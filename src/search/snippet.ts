import { stemWord } from './morphology/stemmer';
import { fixOcrDigits, normalizeText } from './morphology/tokenizer';

/** What a snippet marks: the roots of the query's words (every form of them) and the words as typed (phrases). */
export interface SnippetTerms {
  stems: ReadonlySet<string>;
  words: ReadonlySet<string>;
}

export interface SnippetOptions {
  /** Words in one fragment. */
  maxWords: number;
  /** Fragments at most, joined by " … ". */
  fragments: number;
  /** Only so much of a long text (an OCR'd scan) is read. */
  maxChars: number;
}

const DEFAULTS: SnippetOptions = { maxWords: 24, fragments: 2, maxChars: 100_000 };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Token {
  start: number;
  end: number;
  /** The query term it matches, or undefined. */
  term?: string;
}

/**
 * The snippet of a letter's stored text as HTML: up to two fragments of about 24 words where
 * the most query terms meet, each word whose root is a root of the query marked (`mohon` marks
 * "Permohonan" and "memohon"), as is each word of a phrase as written; everything else escaped.
 * PostgreSQL's ts_headline could only mark the words as typed, as it knows no Indonesian roots.
 */
export function buildSnippet(text: string, terms: SnippetTerms, options: Partial<SnippetOptions> = {}): string {
  const { maxWords, fragments, maxChars } = { ...DEFAULTS, ...options };
  // A cut text ends at its last whole word.
  const source = text.length > maxChars ? text.slice(0, maxChars).replace(/[\p{L}\p{N}]*$/u, '') : text;
  const tokens: Token[] = [];
  const marking = terms.stems.size > 0 || terms.words.size > 0;
  for (const match of source.matchAll(/[\p{L}\p{N}]+/gu)) {
    const token: Token = { start: match.index!, end: match.index! + match[0].length };
    if (marking) {
      const word = fixOcrDigits(normalizeText(match[0]));
      if (terms.words.has(word)) token.term = word;
      else {
        const stem = stemWord(word);
        if (terms.stems.has(stem)) token.term = stem;
      }
    }
    tokens.push(token);
  }
  if (tokens.length === 0) return '';

  const chosen = chooseWindows(tokens, maxWords, fragments);
  return chosen
    .map(([from, to]) => {
      let html = '';
      for (let i = from; i <= to; i++) {
        const t = tokens[i];
        const word = escapeHtml(source.slice(t.start, t.end));
        html += t.term ? `<mark>${word}</mark>` : word;
        if (i < to) html += escapeHtml(source.slice(t.end, tokens[i + 1].start).replace(/\s+/g, ' '));
      }
      return html.trim();
    })
    .join(' … ');
}

/**
 * Windows of `size` tokens: the one with the most distinct terms (then the most marks, then the
 * earliest), then the best that does not overlap it, and so on; in text order. Without a mark,
 * the text's beginning.
 */
function chooseWindows(tokens: Token[], size: number, count: number): [number, number][] {
  const hits = tokens.map((t, i) => (t.term ? i : -1)).filter((i) => i >= 0);
  if (hits.length === 0) return [[0, Math.min(size, tokens.length) - 1]];
  const taken: [number, number][] = [];
  for (let n = 0; n < count; n++) {
    let best: { from: number; score: [number, number] } | undefined;
    // A window worth having starts a little before a mark, so the mark has context on both sides.
    for (const hit of hits) {
      const from = Math.max(0, Math.min(hit - Math.floor(size / 4), tokens.length - size));
      const to = Math.min(tokens.length, from + size) - 1;
      if (taken.some(([a, b]) => from <= b && to >= a)) continue;
      const distinct = new Set<string>();
      let marks = 0;
      for (let i = from; i <= to; i++) {
        const term = tokens[i].term;
        if (term) {
          distinct.add(term);
          marks++;
        }
      }
      const score: [number, number] = [distinct.size, marks];
      if (!best || score[0] > best.score[0] || (score[0] === best.score[0] && score[1] > best.score[1])) best = { from, score };
    }
    if (!best) break;
    taken.push([best.from, Math.min(tokens.length, best.from + size) - 1]);
  }
  return taken.sort((a, b) => a[0] - b[0]);
}
