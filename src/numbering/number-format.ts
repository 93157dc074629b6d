import { NumberingError, NumberingErrorCode } from './numbering.errors';

/** Tokens a number format may use (config/numbering.yaml says what each one shows). */
export const NUMBER_TOKENS = ['klasifikasi', 'nomor', 'unit', 'kode_unit', 'sifat', 'bulan', 'bulan_romawi', 'tahun', 'kode_jenis'] as const;
export type NumberToken = (typeof NUMBER_TOKENS)[number];

// What a counter may be kept per lives with the number-format record that stores it.
export { SCOPE_KEYS, type ScopeKey } from '../records/number-scope';
import { SCOPE_KEYS, type ScopeKey } from '../records/number-scope';

/**
 * The tokens that print each scope key. Every scope key must be printed, or two counters
 * (two units, two months...) would both issue e.g. ".../1/..." as the same number.
 */
const SHOWN_BY: Record<ScopeKey, readonly NumberToken[]> = {
  unit: ['unit', 'kode_unit'],
  type: ['kode_jenis'],
  classification: ['klasifikasi'],
  year: ['tahun'],
  month: ['bulan', 'bulan_romawi'],
};

export const MAX_PATTERN_LENGTH = 100;
/** The size of letter.number and letter_number.number. */
export const MAX_NUMBER_LENGTH = 120;

export type FormatPart = { kind: 'text'; text: string } | { kind: 'token'; token: NumberToken; width?: number };

export interface ParsedFormat {
  pattern: string;
  parts: FormatPart[];
}

export type FormatParse = { ok: true; format: ParsedFormat } | { ok: false; problems: string[] };

/** The values a number is rendered from; optional ones are needed only when the format uses them. */
export interface NumberValues {
  nomor: number;
  tahun: number;
  /** 1..12 */
  bulan: number;
  klasifikasi?: string | null;
  unit?: string | null;
  kode_unit?: string | null;
  sifat?: string | null;
  kode_jenis?: string | null;
}

const ROMAN_MONTHS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];
const PIECES = /\{([^{}]*)\}|([^{}]+)|([{}])/g;
const TOKEN_BODY = /^([a-z_]+)(?::(\d+))?$/;
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Splits a pattern such as `{klasifikasi}/{nomor:3}/{unit}/{tahun}` into literal text and tokens. */
export function parseFormat(pattern: string): FormatParse {
  const problems: string[] = [];
  const parts: FormatPart[] = [];
  for (const [, body, text, stray] of pattern.matchAll(PIECES)) {
    if (stray) problems.push(`stray "${stray}" (a token is written {name})`);
    else if (text !== undefined) parts.push({ kind: 'text', text });
    else {
      const token = parseToken(body);
      if (typeof token === 'string') problems.push(token);
      else parts.push(token);
    }
  }
  if (CONTROL_CHARS.test(pattern)) problems.push('control characters are not allowed');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, format: { pattern, parts } };
}

function parseToken(body: string): FormatPart | string {
  const match = TOKEN_BODY.exec(body);
  const name = match?.[1] as NumberToken | undefined;
  if (!match || !name || !NUMBER_TOKENS.includes(name)) return `unknown token {${body}} (known: ${NUMBER_TOKENS.map((t) => `{${t}}`).join(', ')})`;
  if (match[2] === undefined) return { kind: 'token', token: name };
  if (name !== 'nomor') return `only {nomor} takes a width, not {${body}}`;
  const width = Number(match[2]);
  if (width < 1 || width > 9) return `the width of {${body}} must be 1 to 9`;
  return { kind: 'token', token: name, width };
}

/** Every problem of a format (pattern and counter scope); empty when it is usable. */
export function checkFormat(pattern: string, scope: readonly string[]): string[] {
  if (pattern.length > MAX_PATTERN_LENGTH) return [`the pattern is longer than ${MAX_PATTERN_LENGTH} characters`];
  const parsed = parseFormat(pattern);
  const problems = parsed.ok ? [] : [...parsed.problems];
  const tokens = parsed.ok ? parsed.format.parts.flatMap((p) => (p.kind === 'token' ? [p.token] : [])) : [];
  const nomor = tokens.filter((t) => t === 'nomor').length;
  if (parsed.ok && nomor !== 1) problems.push(`the pattern must contain {nomor} exactly once (found ${nomor})`);
  return problems.concat(checkScope(scope, parsed.ok ? tokens : undefined));
}

function checkScope(scope: readonly string[], tokens: NumberToken[] | undefined): string[] {
  const problems: string[] = [];
  const unknown = scope.filter((k) => !SCOPE_KEYS.includes(k as ScopeKey));
  if (unknown.length > 0) problems.push(`unknown scope key(s) ${unknown.join(', ')} (known: ${SCOPE_KEYS.join(', ')})`);
  if (new Set(scope).size !== scope.length) problems.push('the scope lists a key twice');
  if (!scope.includes('year')) problems.push('the scope must include year: counters restart every year');
  if (!tokens) return problems;
  for (const key of scope.filter((k): k is ScopeKey => SCOPE_KEYS.includes(k as ScopeKey))) {
    const shown = SHOWN_BY[key];
    if (!shown.some((t) => tokens.includes(t))) {
      problems.push(`scope "${key}" needs ${shown.map((t) => `{${t}}`).join(' or ')} in the pattern, or two counters could issue the same number`);
    }
  }
  return problems;
}

/** Renders a number; throws a NumberingError when the format uses a value the letter lacks. */
export function renderNumber(format: ParsedFormat | string, values: NumberValues): string {
  const parsed = typeof format === 'string' ? parseFormat(format) : { ok: true as const, format };
  if (!parsed.ok) throw NumberingError.formatInvalid(parsed.problems);
  const text = parsed.format.parts.map((part) => (part.kind === 'text' ? part.text : tokenValue(part, values))).join('');
  if (text.length > MAX_NUMBER_LENGTH) throw NumberingError.formatInvalid([`the number "${text}" is longer than ${MAX_NUMBER_LENGTH} characters`]);
  return text;
}

function tokenValue(part: Extract<FormatPart, { kind: 'token' }>, values: NumberValues): string {
  switch (part.token) {
    case 'nomor':
      return String(values.nomor).padStart(part.width ?? 0, '0');
    case 'tahun':
      return String(values.tahun);
    case 'bulan':
      return String(values.bulan).padStart(2, '0');
    case 'bulan_romawi':
      return romanMonth(values.bulan);
    default:
      return required(part.token, values[part.token]);
  }
}

function required(token: NumberToken, value: string | null | undefined): string {
  if (value) return value;
  if (token === 'klasifikasi') {
    throw NumberingError.unprocessable(NumberingErrorCode.CLASSIFICATION_REQUIRED, 'A classification code (kode klasifikasi arsip) is required: the number format uses it');
  }
  if (token === 'unit' || token === 'kode_unit') {
    throw NumberingError.unprocessable(NumberingErrorCode.UNIT_REQUIRED, 'A unit is required: the number format uses it');
  }
  throw NumberingError.formatInvalid([`no value for {${token}}`]);
}

/** 4 → "IV": months as written in many letter numbers. */
export function romanMonth(month: number): string {
  const roman = ROMAN_MONTHS[month - 1];
  if (!Number.isInteger(month) || !roman) throw new RangeError(`not a month: ${month}`);
  return roman;
}

const calendars = new Map<string, Intl.DateTimeFormat>();

/** The year and month of an instant on the wall calendar of a time zone (Asia/Jakarta: WIB). */
export function calendarIn(at: Date, timeZone: string): { year: number; month: number } {
  let calendar = calendars.get(timeZone);
  if (!calendar) {
    calendar = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' });
    calendars.set(timeZone, calendar);
  }
  const parts = calendar.formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month') };
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** What identifies a counter besides its format and year. */
export interface ScopeFacts {
  unitId?: string | null;
  type: string;
  classification?: string | null;
  month: number;
}

/**
 * The counter a number is drawn from, as text: e.g. `unit=<uuid>;month=04`. The year is kept
 * in its own column; `-` is the one counter of a format that counts per year only.
 */
export function scopeKey(scope: readonly ScopeKey[], facts: ScopeFacts): string {
  const parts = scope.flatMap((key) => {
    switch (key) {
      case 'year':
        return [];
      case 'unit':
        return [`unit=${required('unit', facts.unitId)}`];
      case 'type':
        return [`type=${facts.type}`];
      case 'classification':
        return [`classification=${required('klasifikasi', facts.classification)}`];
      case 'month':
        return [`month=${String(facts.month).padStart(2, '0')}`];
    }
  });
  return parts.length > 0 ? parts.join(';') : '-';
}
