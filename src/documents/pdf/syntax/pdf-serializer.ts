import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, PdfValue } from './pdf-objects';

const NAME_ESCAPE = /[^!-~]|[()<>[\]{}/%#]/g;

/** Serialises a PDF value (not a stream) as Latin-1 text. Strings are written in hex: always safe. */
export function serializeValue(v: PdfValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatNumber(v);
  if (v instanceof PdfName) return serializeName(v.value);
  if (v instanceof PdfRef) return `${v.num} ${v.gen} R`;
  if (v instanceof PdfString) return `<${Buffer.from(v.bytes).toString('hex')}>`;
  if (Array.isArray(v)) return `[${v.map(serializeValue).join(' ')}]`;
  if (v instanceof PdfDict) return serializeDict(v);
  throw new TypeError('streams are serialised with serializeObjectBody');
}

function serializeName(name: string): string {
  return `/${name.replace(NAME_ESCAPE, (c) => `#${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;
}

function serializeDict(d: PdfDict): string {
  let out = '<<';
  for (const [k, v] of d.entries) out += `${serializeName(k)} ${serializeValue(v)}`;
  return `${out}>>`;
}

/** Numbers as PDF allows them: no exponent, at most 6 decimals. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

/** The bytes between "n g obj" and "endobj". */
export function serializeObjectBody(v: PdfValue): Buffer {
  if (!(v instanceof PdfStream)) return Buffer.from(serializeValue(v), 'latin1');
  const dict = v.dict.clone().set('Length', v.data.length);
  return Buffer.concat([
    Buffer.from(`${serializeDict(dict)}\nstream\n`, 'latin1'),
    Buffer.from(v.data),
    Buffer.from('\nendstream', 'latin1'),
  ]);
}
