import { parse } from 'yaml';
import { Sifat } from '../records/letter.entity';
import { checkFormat, isTimeZone, ScopeKey } from './number-format';
import { NumberingConfigError } from './numbering.errors';

/** One number format: the pattern, the letter types it numbers, and what its counters are kept per. */
export interface NumberFormatDefinition {
  key: string;
  label: string;
  types: string[];
  pattern: string;
  scope: ScopeKey[];
}

/** config/numbering.yaml, validated. */
export interface NumberingConfig {
  /** The calendar of {bulan} and {tahun}: Asia/Jakarta (WIB) unless the body is in WITA or WIT. */
  timeZone: string;
  /** {sifat}: the letter code of each security class. */
  sifatCodes: Record<Sifat, string>;
  /** {kode_unit} by unit code; a unit not listed prints its own code. */
  unitCodes: Record<string, string>;
  /** {kode_jenis} by letter type; a type not listed prints its own key. */
  typeCodes: Record<string, string>;
  /** Units that issue numbers; a letter of a unit below one (bidang, seksi) is numbered by it. */
  issuingUnits: string[];
  formats: NumberFormatDefinition[];
}

export const DEFAULT_SIFAT_CODES: Readonly<Record<Sifat, string>> = {
  [Sifat.Biasa]: 'B',
  [Sifat.Terbatas]: 'T',
  [Sifat.Rahasia]: 'R',
  [Sifat.SangatRahasia]: 'SR',
};

const TOP_KEYS = ['timeZone', 'sifatCodes', 'unitCodes', 'typeCodes', 'issuingUnits', 'formats'];
const FORMAT_KEYS = ['label', 'types', 'pattern', 'scope'];
export const KEY_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;
const CODE_PATTERN = /^[^{}\s]{1,30}$/;

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/** Reads the numbering file; throws a NumberingConfigError naming the file and every problem. */
export function parseNumberingConfig(text: string, source: string): NumberingConfig {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new NumberingConfigError([`${source}: not valid YAML: ${(error as Error).message}`]);
  }
  if (!isMapping(raw)) throw new NumberingConfigError([`${source}: expected a mapping with "formats"`]);
  const config = readConfig(raw, problems);
  if (problems.length > 0) throw new NumberingConfigError(problems.map((p) => `${source}: ${p}`));
  return config;
}

function readConfig(raw: Mapping, problems: string[]): NumberingConfig {
  problems.push(...unknownKeys(raw, TOP_KEYS, ''));
  const timeZone = raw.timeZone ?? 'Asia/Jakarta';
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) problems.push(`timeZone: ${JSON.stringify(timeZone)} is not a time zone (e.g. Asia/Jakarta)`);
  const sifatCodes = { ...DEFAULT_SIFAT_CODES, ...readCodes(raw.sifatCodes, 'sifatCodes', problems) };
  const unknownSifat = Object.keys(sifatCodes).filter((k) => !Object.values(Sifat).includes(k as Sifat));
  if (unknownSifat.length > 0) problems.push(`sifatCodes: unknown sifat ${unknownSifat.join(', ')} (known: ${Object.values(Sifat).join(', ')})`);
  const unitCodes = readCodes(raw.unitCodes, 'unitCodes', problems);
  const typeCodes = readCodes(raw.typeCodes, 'typeCodes', problems);
  for (const [name, codes] of [['unitCodes', unitCodes], ['typeCodes', typeCodes]] as const) {
    const values = Object.values(codes);
    if (new Set(values).size !== values.length) problems.push(`${name}: two entries share a code, so their numbers could clash`);
  }
  const issuingUnits = raw.issuingUnits ?? [];
  if (!isStringList(issuingUnits)) problems.push('issuingUnits: expected a list of unit codes');
  return {
    timeZone: String(timeZone),
    sifatCodes: sifatCodes as Record<Sifat, string>,
    unitCodes,
    typeCodes,
    issuingUnits: isStringList(issuingUnits) ? issuingUnits : [],
    formats: readFormats(raw.formats, problems),
  };
}

function readCodes(value: unknown, where: string, problems: string[]): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isMapping(value)) {
    problems.push(`${where}: expected a mapping of name to code`);
    return {};
  }
  const codes: Record<string, string> = {};
  for (const [name, code] of Object.entries(value)) {
    if (typeof code !== 'string' || !CODE_PATTERN.test(code)) problems.push(`${where}.${name}: a code is 1 to 30 characters without spaces or braces`);
    else codes[name] = code;
  }
  return codes;
}

function readFormats(value: unknown, problems: string[]): NumberFormatDefinition[] {
  if (!isMapping(value) || Object.keys(value).length === 0) {
    problems.push('formats: expected a mapping of format key to { types, pattern, scope }');
    return [];
  }
  const formats = Object.entries(value).flatMap(([key, spec]) => readFormat(key, spec, problems));
  problems.push(...typeClashes(formats), ...patternClashes(formats));
  return formats;
}

function readFormat(key: string, spec: unknown, problems: string[]): NumberFormatDefinition[] {
  const where = `formats.${key}`;
  if (!KEY_PATTERN.test(key)) problems.push(`${where}: a format key is lower-case words joined by "-"`);
  if (!isMapping(spec)) {
    problems.push(`${where}: expected { types, pattern, scope }`);
    return [];
  }
  const before = problems.length;
  problems.push(...unknownKeys(spec, FORMAT_KEYS, `${where}.`));
  const { label = key, types, pattern, scope } = spec;
  if (typeof label !== 'string' || label.length === 0) problems.push(`${where}.label: expected text`);
  if (!isStringList(types) || types.length === 0 || !types.every((t) => KEY_PATTERN.test(t))) {
    problems.push(`${where}.types: expected a list of letter types (workflow keys such as surat-keluar)`);
  }
  if (typeof pattern !== 'string') problems.push(`${where}.pattern: expected text such as "{klasifikasi}/{nomor}/{unit}/{tahun}"`);
  if (!isStringList(scope)) problems.push(`${where}.scope: expected a list such as [unit, year]`);
  if (typeof pattern === 'string' && isStringList(scope)) problems.push(...checkFormat(pattern, scope).map((p) => `${where}: ${p}`));
  if (problems.length > before) return [];
  return [{ key, label: label as string, types: types as string[], pattern: pattern as string, scope: scope as ScopeKey[] }];
}

function unknownKeys(spec: Mapping, known: string[], prefix: string): string[] {
  return Object.keys(spec)
    .filter((k) => !known.includes(k))
    .map((k) => `${prefix}${k}: unknown key (known: ${known.join(', ')})`);
}

function typeClashes(formats: NumberFormatDefinition[]): string[] {
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const format of formats) {
    for (const type of format.types) {
      const first = owner.get(type);
      if (first) problems.push(`formats.${format.key}.types: ${type} is already numbered by ${first}`);
      else owner.set(type, format.key);
    }
  }
  return problems;
}

/** Two formats with the same pattern keep separate counters that would print the same numbers. */
export function patternClashes(formats: readonly Pick<NumberFormatDefinition, 'key' | 'pattern'>[]): string[] {
  return formats.flatMap((format, i) => {
    const earlier = formats.slice(0, i).find((f) => f.pattern === format.pattern);
    return earlier ? [`formats.${format.key}: same pattern as ${earlier.key}, so both would issue the same numbers`] : [];
  });
}
