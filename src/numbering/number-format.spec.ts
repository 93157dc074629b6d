import { calendarIn, checkFormat, isTimeZone, NumberValues, parseFormat, renderNumber, romanMonth, scopeKey } from './number-format';
import { NumberingError } from './numbering.errors';

const APRIL_2026: NumberValues = { nomor: 15, tahun: 2026, bulan: 4, klasifikasi: '000.8.3.3', unit: 'Diskominfo', kode_unit: 'Kominfo', sifat: 'B', kode_jenis: 'ND' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof NumberingError ? error.code : `not a NumberingError: ${String(error)}`;
  }
  return undefined;
}

describe('renderNumber', () => {
  it('renders the Permendagri style', () => {
    expect(renderNumber('{klasifikasi}/{nomor}/{unit}/{tahun}', APRIL_2026)).toBe('000.8.3.3/15/Diskominfo/2026');
  });

  it('renders the Kemenag style', () => {
    const values = { ...APRIL_2026, nomor: 99, sifat: 'R', kode_unit: 'Kw.11', klasifikasi: 'KP.07.6' };
    expect(renderNumber('{sifat}-{nomor}/{kode_unit}/{klasifikasi}/{bulan}/{tahun}', values)).toBe('R-99/Kw.11/KP.07.6/04/2026');
  });

  it.each([
    ['{nomor:3}', 15, '015'],
    ['{nomor:3}', 7, '007'],
    ['{nomor:3}', 1234, '1234'],
    ['{nomor:1}', 15, '15'],
    ['{nomor}', 200, '200'],
  ])('pads %s of %d as %s', (pattern, nomor, expected) => {
    expect(renderNumber(pattern, { ...APRIL_2026, nomor })).toBe(expected);
  });

  it('prints months as two digits and in Roman numerals', () => {
    expect(renderNumber('{bulan}|{bulan_romawi}', { ...APRIL_2026, bulan: 4 })).toBe('04|IV');
    expect(renderNumber('{bulan}|{bulan_romawi}', { ...APRIL_2026, bulan: 12 })).toBe('12|XII');
  });

  it('prints the type code and keeps literal text as written', () => {
    expect(renderNumber('{klasifikasi}/{nomor}/{kode_jenis}/{unit}/{tahun}', APRIL_2026)).toBe('000.8.3.3/15/ND/Diskominfo/2026');
    expect(renderNumber('Nomor {nomor} - SETDA', APRIL_2026)).toBe('Nomor 15 - SETDA');
  });

  it('refuses a letter without a classification code when the format prints it', () => {
    expect(codeOf(() => renderNumber('{klasifikasi}/{nomor}/{tahun}', { ...APRIL_2026, klasifikasi: null }))).toBe('CLASSIFICATION_REQUIRED');
    expect(codeOf(() => renderNumber('{klasifikasi}/{nomor}/{tahun}', { ...APRIL_2026, klasifikasi: '' }))).toBe('CLASSIFICATION_REQUIRED');
    expect(renderNumber('{nomor}/{tahun}', { ...APRIL_2026, klasifikasi: null })).toBe('15/2026');
  });

  it('refuses a letter without a unit when the format prints it', () => {
    expect(codeOf(() => renderNumber('{nomor}/{unit}/{tahun}', { ...APRIL_2026, unit: undefined }))).toBe('UNIT_REQUIRED');
    expect(codeOf(() => renderNumber('{nomor}/{kode_unit}/{tahun}', { ...APRIL_2026, kode_unit: null }))).toBe('UNIT_REQUIRED');
  });

  it('refuses an invalid pattern and a number longer than the column', () => {
    expect(codeOf(() => renderNumber('{nomer}/{tahun}', APRIL_2026))).toBe('NUMBERING_FORMAT_INVALID');
    expect(codeOf(() => renderNumber(`${'x'.repeat(118)}/{nomor}`, APRIL_2026))).toBe('NUMBERING_FORMAT_INVALID');
    expect(renderNumber(`${'x'.repeat(117)}/{nomor:1}`, { ...APRIL_2026, nomor: 1 })).toHaveLength(119);
  });

  it('renders a parsed format the same as its pattern', () => {
    const parsed = parseFormat('{klasifikasi}/{nomor:3}/{unit}/{tahun}');
    if (!parsed.ok) throw new Error('expected a valid pattern');
    expect(renderNumber(parsed.format, APRIL_2026)).toBe('000.8.3.3/015/Diskominfo/2026');
  });
});

describe('parseFormat', () => {
  it('splits literal text and tokens', () => {
    expect(parseFormat('{sifat}-{nomor:4}/X')).toEqual({
      ok: true,
      format: {
        pattern: '{sifat}-{nomor:4}/X',
        parts: [
          { kind: 'token', token: 'sifat' },
          { kind: 'text', text: '-' },
          { kind: 'token', token: 'nomor', width: 4 },
          { kind: 'text', text: '/X' },
        ],
      },
    });
  });

  it.each([
    ['{nomer}/{tahun}', 'unknown token {nomer}'],
    ['{Nomor}', 'unknown token {Nomor}'],
    ['{}', 'unknown token {}'],
    ['{nomor:}', 'unknown token {nomor:}'],
    ['{tahun:4}/{nomor}', 'only {nomor} takes a width, not {tahun:4}'],
    ['{nomor:0}', 'the width of {nomor:0} must be 1 to 9'],
    ['{nomor:12}', 'the width of {nomor:12} must be 1 to 9'],
    ['{nomor/{tahun}', 'stray "{"'],
    ['{nomor}}/{tahun}', 'stray "}"'],
    ['{nomor}\n{tahun}', 'control characters are not allowed'],
  ])('refuses %j: %s', (pattern, problem) => {
    const result = parseFormat(pattern);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('; ')).toContain(problem);
  });
});

describe('checkFormat', () => {
  it('accepts the shipped and the Kemenag formats', () => {
    expect(checkFormat('{klasifikasi}/{nomor}/{unit}/{tahun}', ['unit', 'year'])).toEqual([]);
    expect(checkFormat('{sifat}-{nomor}/{kode_unit}/{klasifikasi}/{bulan}/{tahun}', ['unit', 'classification', 'month', 'year'])).toEqual([]);
    expect(checkFormat('{nomor}/{kode_jenis}/{tahun}', ['type', 'year'])).toEqual([]);
    expect(checkFormat('{nomor}/{bulan_romawi}/{tahun}', ['month', 'year'])).toEqual([]);
  });

  it('needs {nomor} exactly once', () => {
    expect(checkFormat('{klasifikasi}/{tahun}', ['year'])).toEqual(['the pattern must contain {nomor} exactly once (found 0)']);
    expect(checkFormat('{nomor}/{nomor}/{tahun}', ['year'])).toEqual(['the pattern must contain {nomor} exactly once (found 2)']);
  });

  it('needs year in the scope and printed', () => {
    expect(checkFormat('{nomor}/{unit}/{tahun}', ['unit'])).toEqual(['the scope must include year: counters restart every year']);
    expect(checkFormat('{nomor}/{unit}', ['unit', 'year'])).toEqual(['scope "year" needs {tahun} in the pattern, or two counters could issue the same number']);
  });

  it('needs every scope key printed, or two counters would issue the same number', () => {
    expect(checkFormat('{nomor}/{tahun}', ['unit', 'type', 'classification', 'month', 'year'])).toEqual([
      'scope "unit" needs {unit} or {kode_unit} in the pattern, or two counters could issue the same number',
      'scope "type" needs {kode_jenis} in the pattern, or two counters could issue the same number',
      'scope "classification" needs {klasifikasi} in the pattern, or two counters could issue the same number',
      'scope "month" needs {bulan} or {bulan_romawi} in the pattern, or two counters could issue the same number',
    ]);
  });

  it('refuses unknown and repeated scope keys', () => {
    expect(checkFormat('{nomor}/{tahun}', ['year', 'jenis'])).toEqual(['unknown scope key(s) jenis (known: unit, type, classification, year, month)']);
    expect(checkFormat('{nomor}/{tahun}', ['year', 'year'])).toEqual(['the scope lists a key twice']);
  });

  it('reports parse problems with the scope problems, and refuses a long pattern', () => {
    expect(checkFormat('{nomer}/{tahun}', ['unit'])).toEqual([
      expect.stringContaining('unknown token {nomer}'),
      'the scope must include year: counters restart every year',
    ]);
    expect(checkFormat(`{nomor}/{tahun}/${'x'.repeat(90)}`, ['year'])).toEqual(['the pattern is longer than 100 characters']);
  });
});

describe('romanMonth', () => {
  it('writes every month', () => {
    expect(Array.from({ length: 12 }, (_, i) => romanMonth(i + 1))).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII']);
  });

  it.each([0, 13, 1.5])('refuses %p', (month) => {
    expect(() => romanMonth(month)).toThrow(RangeError);
  });
});

describe('calendarIn', () => {
  it('puts 23:30 UTC on 31 December in the next year in WIB', () => {
    expect(calendarIn(new Date('2026-12-31T23:30:00Z'), 'Asia/Jakarta')).toEqual({ year: 2027, month: 1 });
    expect(calendarIn(new Date('2026-12-31T16:59:59Z'), 'Asia/Jakarta')).toEqual({ year: 2026, month: 12 });
    expect(calendarIn(new Date('2026-12-31T17:00:00Z'), 'Asia/Jakarta')).toEqual({ year: 2027, month: 1 });
  });

  it('follows the body\u2019s zone (WIT is UTC+9)', () => {
    expect(calendarIn(new Date('2026-03-31T15:30:00Z'), 'Asia/Jayapura')).toEqual({ year: 2026, month: 4 });
    expect(calendarIn(new Date('2026-03-31T15:30:00Z'), 'Asia/Jakarta')).toEqual({ year: 2026, month: 3 });
  });

  it('knows time zones', () => {
    expect(isTimeZone('Asia/Jakarta')).toBe(true);
    expect(isTimeZone('Asia/Pekalongan')).toBe(false);
  });
});

describe('scopeKey', () => {
  const facts = { unitId: 'u-1', type: 'surat-keluar', classification: '000.8.3.3', month: 4 };

  it('names the counter by the scope keys, leaving the year to its own column', () => {
    expect(scopeKey(['unit', 'year'], facts)).toBe('unit=u-1');
    expect(scopeKey(['unit', 'type', 'classification', 'month', 'year'], facts)).toBe('unit=u-1;type=surat-keluar;classification=000.8.3.3;month=04');
    expect(scopeKey(['year'], facts)).toBe('-');
  });

  it('needs the unit and classification its scope names', () => {
    expect(codeOf(() => scopeKey(['unit', 'year'], { ...facts, unitId: null }))).toBe('UNIT_REQUIRED');
    expect(codeOf(() => scopeKey(['classification', 'year'], { ...facts, classification: null }))).toBe('CLASSIFICATION_REQUIRED');
    expect(scopeKey(['type', 'year'], { ...facts, unitId: null, classification: null })).toBe('type=surat-keluar');
  });
});
