/**
 * Hostile requests derived from the OpenAPI document: for each operation, a seeded list of
 * cases (wrong types, missing and extra fields, huge and deep values, NUL bytes, lone
 * surrogates, bad path and query parameters, bad uploads). Pure: it builds requests, it
 * sends none.
 */

export type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  minItems?: number;
  additionalProperties?: boolean | Schema;
};

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Operation {
  operationId?: string;
  parameters?: { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  security?: Record<string, string[]>[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

/** What a case attacks; the kinds handled by the global input guard are told apart in the report. */
export enum FuzzKind {
  EMPTY_BODY = 'empty-body',
  WRONG_TOP_TYPE = 'wrong-top-type',
  MALFORMED = 'malformed',
  WRONG_TYPE = 'wrong-type',
  MISSING_FIELD = 'missing-field',
  EXTRA_FIELD = 'extra-field',
  LONG_STRING = 'long-string',
  BIG_NUMBER = 'big-number',
  NEGATIVE = 'negative',
  NAN_STRING = 'nan-string',
  DEEP = 'deep',
  NUL = 'nul',
  LONE_SURROGATE = 'lone-surrogate',
  BAD_PATH = 'bad-path',
  UNKNOWN_ID = 'unknown-id',
  BAD_QUERY = 'bad-query',
  BAD_UPLOAD = 'bad-upload',
}

export interface Upload {
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface FuzzCase {
  kind: FuzzKind;
  label: string;
  method: string;
  /** The path with its parameters filled in, already URL-encoded. */
  path: string;
  /** A JSON body as raw text (so that it may be deep, malformed or carry escapes as sent). */
  json?: string;
  contentType?: string;
  multipart?: { fields: Record<string, string>; files: Upload[] };
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const UNKNOWN_UUID = '6f1c2b9e-0d4a-4c7e-9a55-3e2f1d0c9b8a';
const DEPTH = 5_000;
const LONG = 'x'.repeat(200_000);
/** JSON text for 5,000 nested objects (built as text: the value itself would be as deep to stringify). */
export const DEEP_JSON = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);
const DEEP_ARRAY_JSON = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
const DEEP_PLACEHOLDER = '"__deep__"';

export class OpenApiFuzzer {
  constructor(
    private readonly doc: OpenApiDocument,
    private readonly random: () => number,
    /** A real id for a path parameter of this path, so that a body reaches past the lookup. */
    private readonly idFor: (path: string, param: string) => string | undefined,
    /** A real id for a body field of `format: uuid` (by its name), so that a plausible body passes its lookups. */
    private readonly fieldId: (field: string) => string | undefined = () => undefined,
  ) {}

  operations(): { method: string; template: string; op: Operation }[] {
    return Object.entries(this.doc.paths).flatMap(([template, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), template, op })));
  }

  resolve(schema: Schema | undefined): Schema {
    let s = schema ?? {};
    for (let guard = 0; s.$ref && guard < 20; guard++) s = this.doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')] ?? {};
    if (s.allOf) {
      const parts = s.allOf.map((p) => this.resolve(p));
      return { type: 'object', properties: Object.assign({}, ...parts.map((p) => p.properties)), required: parts.flatMap((p) => p.required ?? []) };
    }
    if (s.oneOf ?? s.anyOf) return this.resolve((s.oneOf ?? s.anyOf)![0]);
    return s;
  }

  /** A plausible value for the schema: the starting point every mutation departs from. */
  plausible(schema: Schema | undefined, depth = 0, name = ''): unknown {
    const s = this.resolve(schema);
    if (s.enum?.length) return s.enum[0];
    if (s.type === 'object' || s.properties) {
      const out: Record<string, unknown> = {};
      if (depth < 4) for (const [name, prop] of Object.entries(s.properties ?? {})) if (!this.isFile(prop)) out[name] = this.plausible(prop, depth + 1, name);
      return out;
    }
    switch (s.type) {
      case 'array':
        return depth < 4 ? Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => this.plausible(s.items, depth + 1, name)) : [];
      case 'integer':
      case 'number':
        return Math.max(1, s.minimum ?? 1);
      case 'boolean':
        return true;
      default:
        return this.plausibleString(s, name);
    }
  }

  private plausibleString(s: Schema, name: string): string {
    switch (s.format) {
      case 'uuid':
        return this.fieldId(name) ?? UNKNOWN_UUID;
      case 'date-time':
        return '2026-11-02T08:00:00.000Z';
      case 'date':
        return '2026-11-02';
      case 'email':
        return 'fuzz@example.go.id';
      case 'uri':
        return 'https://example.go.id/hook';
      case 'base64':
        return 'JVBERi0xLjQK';
      case 'binary':
        return '';
      default:
        return 'Fuzz 001';
    }
  }

  /** Every case for one operation, sampled to `perKind` per kind, in a seeded order. */
  cases(method: string, template: string, op: Operation, perKind: number): FuzzCase[] {
    const params = op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    const fill = (overrides: Record<string, string> = {}): string =>
      template.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(overrides[name] ?? this.idFor(template, name) ?? UNKNOWN_UUID));
    const base = fill();
    const out: FuzzCase[] = [];
    const add = (c: Omit<FuzzCase, 'method'>) => out.push({ method, ...c });

    for (const p of pathParams) {
      for (const bad of ['not-a-uuid', '0', '-1', '2147483648', '1e300', 'NaN', LONG.slice(0, 5_000), '../../etc/passwd', 'a\u0000b', "' OR 1=1 --"]) {
        add({ kind: FuzzKind.BAD_PATH, label: `${p.name}=${bad.slice(0, 20)}`, path: fill({ [p.name]: bad }) });
      }
      add({ kind: FuzzKind.UNKNOWN_ID, label: `${p.name}=unknown`, path: fill({ [p.name]: UNKNOWN_UUID }) });
      // A lone surrogate cannot be percent-encoded as UTF-8; this is the raw byte sequence of one.
      add({ kind: FuzzKind.LONE_SURROGATE, label: `${p.name}=lone surrogate`, path: template.replace(`{${p.name}}`, '%ED%A0%80').replace(/\{([^}]+)\}/g, (_m, n: string) => this.idFor(template, n) ?? UNKNOWN_UUID) });
    }

    const queryNames = [...new Set([...params.filter((p) => p.in === 'query').map((p) => p.name), 'page', 'limit'])];
    const queryValues: [FuzzKind, string][] = [
      [FuzzKind.NEGATIVE, '-1'],
      [FuzzKind.BIG_NUMBER, '2147483648'],
      [FuzzKind.BIG_NUMBER, '1e300'],
      [FuzzKind.BIG_NUMBER, '99999999999999999999999'],
      [FuzzKind.NAN_STRING, 'NaN'],
      [FuzzKind.BAD_QUERY, 'abc'],
      [FuzzKind.BAD_QUERY, ''],
      [FuzzKind.LONG_STRING, LONG.slice(0, 6_000)],
      [FuzzKind.NUL, '%00'],
      [FuzzKind.LONE_SURROGATE, '%ED%A0%80'],
    ];
    for (const name of queryNames) {
      for (const [kind, value] of queryValues) {
        const encoded = value.startsWith('%') ? value : encodeURIComponent(value);
        add({ kind, label: `?${name}=${value.slice(0, 20)}`, path: `${base}?${encodeURIComponent(name)}=${encoded}` });
      }
      add({ kind: FuzzKind.BAD_QUERY, label: `?${name} twice`, path: `${base}?${name}=1&${name}=2` });
      add({ kind: FuzzKind.BAD_QUERY, label: `?${name}[a]=1`, path: `${base}?${name}%5Ba%5D=1` });
    }
    add({ kind: FuzzKind.BAD_QUERY, label: '?unknown', path: `${base}?fuzzUnknown=1` });

    const content = op.requestBody?.content ?? {};
    const jsonSchema = content['application/json']?.schema;
    if (jsonSchema || (method !== 'GET' && method !== 'DELETE')) out.push(...this.jsonCases(method, base, this.resolve(jsonSchema)));
    const multipartSchema = content['multipart/form-data']?.schema;
    if (multipartSchema) out.push(...this.multipartCases(method, base, this.resolve(multipartSchema)));

    return this.sample(out, perKind);
  }

  /** The file fields a multipart operation declares (`format: binary`). */
  fileFields(schema: Schema): string[] {
    return Object.entries(schema.properties ?? {})
      .filter(([, p]) => this.isFile(p))
      .map(([name]) => name);
  }

  private isFile(schema: Schema): boolean {
    return this.resolve(schema).format === 'binary';
  }

  private jsonCases(method: string, path: string, schema: Schema): FuzzCase[] {
    const valid = this.plausible(schema);
    const asObject = valid && typeof valid === 'object' && !Array.isArray(valid) ? (valid as Record<string, unknown>) : {};
    const props = Object.entries(schema.properties ?? {}).filter(([, p]) => !this.isFile(p));
    const out: FuzzCase[] = [];
    const json = (kind: FuzzKind, label: string, value: unknown, deep?: string) => {
      let text = JSON.stringify(value);
      if (deep) text = text.replace(DEEP_PLACEHOLDER, deep);
      out.push({ kind, label, method, path, json: text });
    };
    const withProp = (name: string, value: unknown) => ({ ...asObject, [name]: value });

    json(FuzzKind.EMPTY_BODY, '{}', {});
    for (const top of [[], 'text', 42, null, true]) json(FuzzKind.WRONG_TOP_TYPE, `body=${JSON.stringify(top)}`, top);
    out.push({ kind: FuzzKind.MALFORMED, label: 'truncated JSON', method, path, json: JSON.stringify(asObject).slice(0, -1) });
    out.push({ kind: FuzzKind.MALFORMED, label: 'text/plain body', method, path, json: JSON.stringify(asObject), contentType: 'text/plain' });
    out.push({ kind: FuzzKind.MALFORMED, label: 'form-urlencoded body', method, path, json: 'a=1&b[c]=2', contentType: 'application/x-www-form-urlencoded' });
    json(FuzzKind.EXTRA_FIELD, 'extra field', { ...asObject, fuzzExtra: 'x' });
    out.push({ kind: FuzzKind.EXTRA_FIELD, label: '__proto__ field', method, path, json: JSON.stringify(asObject).replace(/^\{/, '{"__proto__":{"isAdmin":true},').replace(',}', '}') });
    json(FuzzKind.DEEP, 'deep body', { ...asObject, fuzzDeep: '__deep__' }, DEEP_JSON);
    out.push({ kind: FuzzKind.DEEP, label: 'deep array body', method, path, json: DEEP_ARRAY_JSON });

    for (const name of schema.required ?? []) {
      const rest = { ...asObject };
      delete rest[name];
      json(FuzzKind.MISSING_FIELD, `without ${name}`, rest);
    }
    for (const [name, raw] of props) {
      const prop = this.resolve(raw);
      const type = prop.type ?? (prop.properties ? 'object' : 'string');
      const wrong: unknown[] = type === 'string' ? [123, true, {}, ['a']] : type === 'array' ? ['a', { a: 1 }, [null]] : type === 'object' ? ['a', [1], 7] : ['1', {}, [1], null];
      for (const w of wrong) json(FuzzKind.WRONG_TYPE, `${name}=${JSON.stringify(w)}`, withProp(name, w));
      json(FuzzKind.LONG_STRING, `${name}=long string`, withProp(name, LONG));
      for (const n of [1e300, 2147483648, 9007199254740993, -1e300]) json(FuzzKind.BIG_NUMBER, `${name}=${n}`, withProp(name, n));
      json(FuzzKind.NEGATIVE, `${name}=-1`, withProp(name, -1));
      json(FuzzKind.NEGATIVE, `${name}=0.5`, withProp(name, 0.5));
      for (const s of ['NaN', 'Infinity', '-0']) json(FuzzKind.NAN_STRING, `${name}="${s}"`, withProp(name, s));
      json(FuzzKind.DEEP, `${name}=deep`, withProp(name, '__deep__'), DEEP_JSON);
      json(FuzzKind.NUL, `${name} with NUL`, withProp(name, type === 'array' ? ['a\u0000b'] : 'a\u0000b'));
      json(FuzzKind.LONE_SURROGATE, `${name} with lone surrogate`, withProp(name, type === 'array' ? ['a\ud800b'] : 'a\ud800b'));
      json(FuzzKind.WRONG_TYPE, `${name}=null`, withProp(name, null));
      if (type === 'array') json(FuzzKind.LONG_STRING, `${name}=10000 items`, withProp(name, Array.from({ length: 10_000 }, () => (this.resolve(prop.items).type === 'string' ? UNKNOWN_UUID : {}))));
      if (type === 'object' || prop.additionalProperties) {
        json(FuzzKind.NUL, `${name} with NUL key`, withProp(name, { 'a\u0000': 1 }));
        json(FuzzKind.LONE_SURROGATE, `${name} with lone surrogate key`, withProp(name, { '\udc00': 1 }));
      }
    }
    return out;
  }

  private multipartCases(method: string, path: string, schema: Schema): FuzzCase[] {
    const fields: Record<string, string> = {};
    for (const [name, raw] of Object.entries(schema.properties ?? {})) {
      if (this.isFile(raw)) continue;
      const v = this.plausible(raw, 0, name);
      fields[name] = typeof v === 'string' ? v : JSON.stringify(v);
    }
    const files = this.fileFields(schema);
    const out: FuzzCase[] = [];
    const add = (label: string, f: Record<string, string>, uploads: Upload[]) => out.push({ kind: FuzzKind.BAD_UPLOAD, label, method, path, multipart: { fields: f, files: uploads } });
    const fake = Buffer.from('MZ\x90\x00 not a PDF at all, only bytes that claim to be one');
    add('no file', fields, []);
    for (const field of files) {
      add(`${field}: wrong content type`, fields, [{ field, filename: 'scan.exe', contentType: 'application/x-msdownload', bytes: fake }]);
      add(`${field}: empty file`, fields, [{ field, filename: 'scan.pdf', contentType: 'application/pdf', bytes: Buffer.alloc(0) }]);
      add(`${field}: non-PDF bytes named .pdf`, fields, [{ field, filename: 'scan.pdf', contentType: 'application/pdf', bytes: fake }]);
      add(`${field}: PDF header only`, fields, [{ field, filename: 'scan.pdf', contentType: 'application/pdf', bytes: Buffer.from('%PDF-1.7\n%%EOF') }]);
      add(`${field}: NUL in file name`, fields, [{ field, filename: 'sc\u0000an.pdf', contentType: 'application/pdf', bytes: fake }]);
      add(`${field}: two files`, fields, [0, 1].map(() => ({ field, filename: 'scan.pdf', contentType: 'application/pdf', bytes: fake })));
    }
    add('unknown file field', fields, [{ field: 'fuzzFile', filename: 'scan.pdf', contentType: 'application/pdf', bytes: fake }]);
    const field = (kind: FuzzKind, label: string, f: Record<string, string>) => out.push({ kind, label, method, path, multipart: { fields: f, files: [] } });
    for (const name of Object.keys(fields)) {
      field(FuzzKind.NUL, `form ${name} with NUL`, { ...fields, [name]: 'a\u0000b' });
      field(FuzzKind.LONG_STRING, `form ${name} long`, { ...fields, [name]: LONG.slice(0, 100_000) });
      field(FuzzKind.BIG_NUMBER, `form ${name}=1e300`, { ...fields, [name]: '1e300' });
    }
    field(FuzzKind.EXTRA_FIELD, 'form extra field', { ...fields, fuzzExtra: 'x' });
    return out;
  }

  /**
   * At most `perKind` cases of each kind, chosen by the seeded generator, in a seeded order.
   * Every bad upload is kept: there are few of them, on few operations.
   */
  private sample(cases: FuzzCase[], perKind: number): FuzzCase[] {
    const byKind = new Map<FuzzKind, FuzzCase[]>();
    for (const c of cases) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);
    const picked = [...byKind.entries()].flatMap(([kind, list]) => (kind === FuzzKind.BAD_UPLOAD ? list : this.shuffle(list).slice(0, perKind)));
    return this.shuffle(picked);
  }

  private shuffle<T>(list: T[]): T[] {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}
