import { SearchErrorCode } from '../search.errors';
import { containsLikePattern, letterNumberFragment, normalizeLetterNumber } from './letter-number';
import { parseSearchQuery } from './query-parser';
import { ParsedQuery, QueryNode } from './search-query';
import { conditionToSql, highlightWords, phraseTsquery, rankTsquery, toSearchCondition } from './tsquery-builder';

function root(q: string): QueryNode {
  const r = parseSearchQuery(q);
  if (!r.ok) throw new Error(`${q}: ${r.code}`);
  return (r as ParsedQuery).root;
}

function refusal(q: string | undefined): SearchErrorCode {
  const r = parseSearchQuery(q);
  if (r.ok) throw new Error(`${q} was accepted`);
  return r.code;
}

const COLUMNS = { stemmed: 's.document', plain: 's.phrase_document', numbers: 's.numbers' };

function sql(q: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  return { sql: conditionToSql(toSearchCondition(root(q)), COLUMNS, params), params };
}

describe('parseSearchQuery', () => {
  it('stems words and ANDs them, dropping stop words', () => {
    expect(root('permohonan izin dari dinas')).toEqual({
      kind: 'and',
      children: [
        { kind: 'word', word: 'permohonan', stem: 'mohon' },
        { kind: 'word', word: 'izin', stem: 'izin' },
        { kind: 'word', word: 'dinas', stem: 'dinas' },
      ],
    });
  });

  it('keeps a phrase as written, with the gap of a dropped stop word', () => {
    expect(root('"surat dari dinas"')).toEqual({ kind: 'phrase', words: ['surat', 'dinas'], gaps: [0, 2] });
    expect(root('"Permohonan"')).toEqual({ kind: 'phrase', words: ['permohonan'], gaps: [0] });
  });

  it('negates words, phrases and groups', () => {
    expect(root('undangan -rapat')).toEqual({
      kind: 'and',
      children: [
        { kind: 'word', word: 'undangan', stem: 'undang' },
        { kind: 'not', child: { kind: 'word', word: 'rapat', stem: 'rapat' } },
      ],
    });
    expect(root('izin -"surat edaran"')).toEqual({
      kind: 'and',
      children: [
        { kind: 'word', word: 'izin', stem: 'izin' },
        { kind: 'not', child: { kind: 'phrase', words: ['surat', 'edaran'], gaps: [0, 1] } },
      ],
    });
    expect(root('izin -(rapat OR cuti)')).toEqual({
      kind: 'and',
      children: [
        { kind: 'word', word: 'izin', stem: 'izin' },
        {
          kind: 'not',
          child: {
            kind: 'or',
            children: [
              { kind: 'word', word: 'rapat', stem: 'rapat' },
              { kind: 'word', word: 'cuti', stem: 'cuti' },
            ],
          },
        },
      ],
    });
  });

  it('binds OR tighter than the implied AND, in either case, with or without parentheses', () => {
    const expected = {
      kind: 'and',
      children: [
        { kind: 'word', word: 'izin', stem: 'izin' },
        {
          kind: 'or',
          children: [
            { kind: 'word', word: 'cuti', stem: 'cuti' },
            { kind: 'word', word: 'mutasi', stem: 'mutasi' },
          ],
        },
      ],
    };
    expect(root('izin cuti OR mutasi')).toEqual(expected);
    expect(root('izin cuti or mutasi')).toEqual(expected);
    expect(root('izin (cuti OR mutasi)')).toEqual(expected);
    expect(root('(izin cuti) OR mutasi')).toEqual({
      kind: 'or',
      children: [
        { kind: 'and', children: [{ kind: 'word', word: 'izin', stem: 'izin' }, { kind: 'word', word: 'cuti', stem: 'cuti' }] },
        { kind: 'word', word: 'mutasi', stem: 'mutasi' },
      ],
    });
  });

  it('forgives unbalanced parentheses, an unclosed quote, stray OR and lone dashes', () => {
    expect(root('(izin cuti')).toEqual(root('izin cuti'));
    expect(root('izin) cuti')).toEqual(root('izin cuti'));
    expect(root('"surat edaran')).toEqual({ kind: 'phrase', words: ['surat', 'edaran'], gaps: [0, 1] });
    expect(root('OR izin OR')).toEqual({ kind: 'word', word: 'izin', stem: 'izin' });
    expect(root('izin - cuti')).toEqual(root('izin cuti'));
    expect(root('--izin')).toEqual({ kind: 'word', word: 'izin', stem: 'izin' });
    expect(parseSearchQuery('izin OR dan')).toEqual({ ok: true, root: { kind: 'word', word: 'izin', stem: 'izin' }, ignored: ['dan'] });
  });

  it('recognises letter-number fragments and normalises them', () => {
    expect(root('000.8.3.3/215/DINKES/2026')).toEqual({
      kind: 'number',
      raw: '000.8.3.3/215/DINKES/2026',
      normalized: '000.8.3.3/215/dinkes/2026',
    });
    expect(root('215/dinkes')).toEqual({ kind: 'number', raw: '215/dinkes', normalized: '215/dinkes' });
    expect(root('b/l23/2O26,')).toEqual({ kind: 'number', raw: 'b/l23/2O26', normalized: 'b/123/2026' });
    expect(root('800.1')).toEqual({ kind: 'number', raw: '800.1', normalized: '800.1' });
  });

  it('reads ordinary words with a hyphen or slash but no digit as words', () => {
    expect(root('e-surat')).toEqual({
      kind: 'and',
      children: [
        { kind: 'word', word: 'e', stem: 'e' },
        { kind: 'word', word: 'surat', stem: 'surat' },
      ],
    });
    expect(root('dan/atau izin')).toEqual({ kind: 'word', word: 'izin', stem: 'izin' });
  });

  it('refuses what cannot be searched, with a code', () => {
    expect(refusal(undefined)).toBe(SearchErrorCode.SEARCH_QUERY_EMPTY);
    expect(refusal('   ')).toBe(SearchErrorCode.SEARCH_QUERY_EMPTY);
    expect(refusal('"" () - OR ,.;')).toBe(SearchErrorCode.SEARCH_QUERY_EMPTY);
    expect(refusal('dan yang di "untuk kepada"')).toBe(SearchErrorCode.SEARCH_QUERY_ONLY_STOP_WORDS);
    expect(refusal('-izin -"surat edaran"')).toBe(SearchErrorCode.SEARCH_QUERY_ONLY_NEGATIONS);
    expect(refusal('izin OR -cuti')).toBe(SearchErrorCode.SEARCH_QUERY_ONLY_NEGATIONS);
    expect(refusal('x'.repeat(501))).toBe(SearchErrorCode.SEARCH_QUERY_TOO_LONG);
    expect(refusal(Array.from({ length: 33 }, (_, i) => `kata${i}`).join(' '))).toBe(SearchErrorCode.SEARCH_QUERY_TOO_COMPLEX);
  });

  it('never throws on odd input', () => {
    for (const q of ['"', '(', ')', '-', '-(', '"-"', "'; DROP TABLE letters; --", '\\', '\u0000', '((((((a))))))', '"a" "b', 'ó ü 字']) {
      expect(() => parseSearchQuery(q)).not.toThrow();
    }
  });
});

describe('tsquery builder', () => {
  it('merges words and negations on one vector into one tsquery', () => {
    expect(toSearchCondition(root('permohonan izin -cuti'))).toEqual({ kind: 'stemmed', tsquery: "'mohon' & 'izin' & !'cuti'" });
  });

  it('keeps phrases on the unstemmed vector and numbers on the number column', () => {
    expect(toSearchCondition(root('izin "surat edaran" 215/DINKES'))).toEqual({
      kind: 'and',
      children: [
        { kind: 'stemmed', tsquery: "'izin'" },
        { kind: 'plain', tsquery: "'surat' <-> 'edaran'" },
        { kind: 'number', like: '%215/dinkes%', normalized: '215/dinkes' },
      ],
    });
    expect(phraseTsquery(['surat', 'dinas'], [0, 2])).toBe("'surat' <2> 'dinas'");
  });

  it('writes SQL with only $n placeholders and the caller`s columns', () => {
    expect(sql('izin OR "surat edaran" -215/DINKES')).toEqual({
      sql: "((s.document @@ to_tsquery('simple', $1) OR s.phrase_document @@ to_tsquery('simple', $2)) AND NOT coalesce(s.numbers LIKE $3 ESCAPE '\\', false))",
      params: ["'izin'", "'surat' <-> 'edaran'", '%215/dinkes%'],
    });
    expect(() => conditionToSql({ kind: 'stemmed', tsquery: "'a'" }, { ...COLUMNS, stemmed: 'x; drop' }, [])).toThrow();
  });

  it('quotes every lexeme, whatever the user typed', () => {
    const { sql: text, params } = sql("izin'); DELETE FROM letters; -- \\ ' \"");
    expect(text).not.toContain('DELETE');
    for (const p of params) expect(String(p)).toMatch(/^('[a-z0-9]+'( & )?)+$/);
  });

  it('escapes LIKE wildcards in a number fragment', () => {
    expect(containsLikePattern('12_3%/A\\B')).toBe('%12\\_3\\%/A\\\\B%');
  });

  it('gives the roots to rank by and the words to highlight', () => {
    const r = root('permohonan "surat edaran" -cuti izin OR ijin');
    expect(rankTsquery(r)).toBe("'mohon' | 'izin'");
    expect(highlightWords(r)).toEqual(['permohonan', 'surat', 'edaran', 'izin', 'ijin']);
    expect(rankTsquery(root('"surat edaran"'))).toBeNull();
  });
});

describe('letter numbers', () => {
  it('normalises case and OCR confusions only where digits are', () => {
    expect(normalizeLetterNumber('000.8.3.3/215/Dinkes/2O26')).toBe('000.8.3.3/215/dinkes/2026');
    expect(normalizeLetterNumber('R-99/Kw.11/KP.O7.6/04/2026')).toBe('r-99/kw.11/kp.07.6/04/2026');
    expect(normalizeLetterNumber('B/l5/I/2026')).toBe('b/15/i/2026');
  });

  it('tells fragments from words', () => {
    expect(letterNumberFragment('215/DINKES')).toBe('215/DINKES');
    expect(letterNumberFragment('dan/atau')).toBeNull();
    expect(letterNumberFragment('2026')).toBeNull();
    expect(letterNumberFragment('surat')).toBeNull();
    expect(letterNumberFragment('000.8.3.3')).toBe('000.8.3.3');
  });
});
