import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNumberingConfig } from './numbering-config';
import { NumberingConfigError } from './numbering.errors';

const FILE = 'config/numbering.yaml';

const MINIMAL = `
formats:
  surat-keluar:
    types: [surat-keluar]
    pattern: "{klasifikasi}/{nomor}/{unit}/{tahun}"
    scope: [unit, year]
`;

function problemsOf(text: string): string[] {
  try {
    parseNumberingConfig(text, FILE);
  } catch (error) {
    if (error instanceof NumberingConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('parseNumberingConfig', () => {
  it('reads the shipped configuration of the demo city', () => {
    const config = parseNumberingConfig(readFileSync(join(__dirname, '../../config/numbering.yaml'), 'utf8'), FILE);
    expect(config.timeZone).toBe('Asia/Jakarta');
    expect(config.sifatCodes).toEqual({ biasa: 'B', terbatas: 'T', rahasia: 'R', sangat_rahasia: 'SR' });
    expect(config.unitCodes).toEqual({ Diskominfo: 'Kominfo' });
    expect(config.issuingUnits).toEqual(['Pemkot', 'Setda', 'Diskominfo', 'Dinkes']);
    expect(config.formats).toEqual([
      { key: 'surat-keluar', label: 'Surat Dinas', types: ['surat-keluar', 'surat-undangan'], pattern: '{klasifikasi}/{nomor}/{unit}/{tahun}', scope: ['unit', 'year'] },
      { key: 'nota-dinas', label: 'Nota Dinas', types: ['nota-dinas'], pattern: '{klasifikasi}/{nomor}/{kode_jenis}/{unit}/{tahun}', scope: ['unit', 'year'] },
      { key: 'berita-acara-pemusnahan', label: 'Berita Acara Pemusnahan Arsip', types: ['usul-musnah'], pattern: '{klasifikasi}/{nomor}/BAP/{unit}/{tahun}', scope: ['unit', 'year'] },
    ]);
  });

  it('fills in defaults: WIB, the sifat codes, no unit or type codes, the key as label', () => {
    const config = parseNumberingConfig(MINIMAL, FILE);
    expect(config).toMatchObject({ timeZone: 'Asia/Jakarta', unitCodes: {}, typeCodes: {}, issuingUnits: [] });
    expect(config.sifatCodes.sangat_rahasia).toBe('SR');
    expect(config.formats[0].label).toBe('surat-keluar');
  });

  it('lets a body change some sifat codes', () => {
    const config = parseNumberingConfig(`sifatCodes: { rahasia: RHS }\n${MINIMAL}`, FILE);
    expect(config.sifatCodes).toEqual({ biasa: 'B', terbatas: 'T', rahasia: 'RHS', sangat_rahasia: 'SR' });
  });

  it('names the file, the format and the unknown token', () => {
    const problems = problemsOf(MINIMAL.replace('{nomor}', '{nomer}'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^config\/numbering\.yaml: formats\.surat-keluar: unknown token \{nomer\} \(known: \{klasifikasi\}, \{nomor\}/);
    expect(() => parseNumberingConfig(MINIMAL.replace('{nomor}', '{nomer}'), FILE)).toThrow(/config\/numbering\.yaml: formats\.surat-keluar: unknown token \{nomer\}/);
  });

  it('refuses a scope the pattern does not print', () => {
    expect(problemsOf(MINIMAL.replace('[unit, year]', '[unit, month, year]'))).toEqual([
      'config/numbering.yaml: formats.surat-keluar: scope "month" needs {bulan} or {bulan_romawi} in the pattern, or two counters could issue the same number',
    ]);
  });

  it('refuses two formats for one type and two formats with one pattern', () => {
    const twice = `${MINIMAL}
  surat-lain:
    types: [surat-keluar, nota-dinas]
    pattern: "{klasifikasi}/{nomor}/{unit}/{tahun}"
    scope: [unit, year]
`;
    expect(problemsOf(twice)).toEqual([
      'config/numbering.yaml: formats.surat-lain.types: surat-keluar is already numbered by surat-keluar',
      'config/numbering.yaml: formats.surat-lain: same pattern as surat-keluar, so both would issue the same numbers',
    ]);
  });

  it.each([
    ['not YAML', 'formats: [', /not valid YAML/],
    ['not a mapping', '- a\n- b', /expected a mapping with "formats"/],
    ['no formats', 'timeZone: Asia/Jakarta', /formats: expected a mapping/],
    ['an unknown key', `${MINIMAL}numbers: 1\n`, /numbers: unknown key/],
    ['an unknown format key', MINIMAL.replace('    scope:', '    width: 3\n    scope:'), /formats\.surat-keluar\.width: unknown key/],
    ['a bad time zone', `timeZone: WIB\n${MINIMAL}`, /timeZone: "WIB" is not a time zone/],
    ['an unknown sifat', `sifatCodes: { rahasia_negara: RN }\n${MINIMAL}`, /sifatCodes: unknown sifat rahasia_negara/],
    ['a code with a brace', `unitCodes: { Diskominfo: "{x}" }\n${MINIMAL}`, /unitCodes\.Diskominfo: a code is 1 to 30 characters/],
    ['two units with one code', `unitCodes: { Diskominfo: K, Dinkes: K }\n${MINIMAL}`, /unitCodes: two entries share a code/],
    ['issuing units not a list', `issuingUnits: Diskominfo\n${MINIMAL}`, /issuingUnits: expected a list/],
    ['a format without types', MINIMAL.replace('    types: [surat-keluar]\n', ''), /formats\.surat-keluar\.types: expected a list of letter types/],
    ['a format without a pattern', MINIMAL.replace(/ {4}pattern: .*\n/, ''), /formats\.surat-keluar\.pattern: expected text/],
    ['a bad format key', MINIMAL.replace('  surat-keluar:', '  Surat_Keluar:'), /formats\.Surat_Keluar: a format key is lower-case/],
  ])('refuses %s', (_, text, problem) => {
    const problems = problemsOf(text);
    expect(problems.every((p) => p.startsWith('config/numbering.yaml: '))).toBe(true);
    expect(problems.join('\n')).toMatch(problem);
  });
});
