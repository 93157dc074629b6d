/**
 * Just enough ASN.1 DER to write and read certificates and CMS signatures.
 *
 * Hand-rolled rather than pkijs/asn1js. Loading is not the reason: pkijs 3 ships a
 * CommonJS build that Jest loads (only pkijs 4 is ES-module-only). The reasons are that
 * the structures involved are few and fixed, writing them directly is faster and adds no
 * dependency tree to the signing path, and reading keeps every element's original bytes
 * (signatures are computed over those, so they must never be re-encoded).
 */

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha1WithRsa: '1.2.840.113549.1.1.5',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  rsassaPss: '1.2.840.113549.1.1.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  country: '2.5.4.6',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  serialNumber: '2.5.4.5',
  commonName: '2.5.4.3',
} as const;

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

// ---- writing ----

function lengthOctets(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Uint8Array[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), lengthOctets(body.length), body]);
}

export const der = {
  sequence: (...items: Uint8Array[]) => tlv(TAG.sequence, ...items),
  set: (...items: Uint8Array[]) => tlv(TAG.set, ...items),
  /** SET OF in DER order: elements sorted by their encodings. */
  setOf: (items: Uint8Array[]) => tlv(TAG.set, ...[...items].sort(Buffer.compare)),
  /** A non-negative INTEGER from a number, a BigInt or big-endian magnitude bytes. */
  integer: (value: number | bigint | Uint8Array) => {
    let bytes = typeof value === 'number' ? bigEndian(value) : typeof value === 'bigint' ? bigIntBytes(value) : Buffer.from(value);
    while (bytes.length > 1 && bytes[0] === 0 && bytes[1] < 0x80) bytes = bytes.subarray(1);
    return tlv(TAG.integer, bytes[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
  },
  boolean: (value: boolean) => tlv(TAG.boolean, Buffer.from([value ? 0xff : 0])),
  octetString: (bytes: Uint8Array) => tlv(TAG.octetString, bytes),
  bitString: (bytes: Uint8Array, unusedBits = 0) => tlv(TAG.bitString, Buffer.from([unusedBits]), bytes),
  null: () => Buffer.from([TAG.null, 0x00]),
  oid: (dotted: string) => tlv(TAG.oid, encodedOid(dotted)),
  utf8String: (text: string) => tlv(TAG.utf8String, Buffer.from(text, 'utf8')),
  printableString: (text: string) => tlv(TAG.printableString, Buffer.from(text, 'ascii')),
  /** RFC 5280: UTCTime through 2049, GeneralizedTime from 2050. */
  time: (date: Date) => {
    const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    return date.getUTCFullYear() < 2050 ? tlv(TAG.utcTime, Buffer.from(`${iso.slice(2)}Z`)) : tlv(TAG.generalizedTime, Buffer.from(`${iso}Z`));
  },
  /** [n] constructed: EXPLICIT tagging, or IMPLICIT for a constructed type. */
  context: (n: number, ...items: Uint8Array[]) => tlv(0xa0 | n, ...items),
  /** [n] IMPLICIT of a primitive type. */
  contextPrimitive: (n: number, content: Uint8Array) => tlv(0x80 | n, content),
  algorithm: (oid: string, withNullParams: boolean) =>
    withNullParams ? der.sequence(der.oid(oid), der.null()) : der.sequence(der.oid(oid)),
};

function bigIntBytes(value: bigint): Buffer {
  if (value < 0n) throw new RangeError('negative INTEGER');
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}

function bigEndian(value: number): Buffer {
  const bytes: number[] = [];
  for (let n = value; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from(bytes.length ? bytes : [0]);
}

/** Our structures use a few dozen OIDs, each encoded many times per signature: once is enough. */
const oidEncodings = new Map<string, Buffer>();
function encodedOid(dotted: string): Buffer {
  let encoded = oidEncodings.get(dotted);
  if (!encoded) {
    encoded = encodeOid(dotted);
    if (oidEncodings.size < 512) oidEncodings.set(dotted, encoded);
  }
  return encoded;
}

/** Arcs as BigInt: UUID-based OIDs (2.25.<128-bit>, ITU-T X.667) exceed Number's precision. */
function encodeOid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((a) => BigInt(a));
  const out: number[] = [];
  [arcs[0] * 40n + arcs[1], ...arcs.slice(2)].forEach((arc) => {
    const chunk = [Number(arc & 0x7fn)];
    for (let n = arc >> 7n; n > 0n; n >>= 7n) chunk.unshift(0x80 | Number(n & 0x7fn));
    out.push(...chunk);
  });
  return Buffer.from(out);
}

// ---- reading ----

/** One element: its tag, its exact encoding and its content; children when constructed. */
export interface DerNode {
  tag: number;
  raw: Buffer;
  content: Buffer;
  children: DerNode[];
}

export class DerError extends Error {}

const MAX_DEPTH = 32;

/** Reads the element at `offset`. Accepts BER indefinite lengths, which some signers emit for CMS. */
export function readDer(bytes: Uint8Array, offset = 0): DerNode {
  return readNode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), offset, 0);
}

function readNode(buf: Buffer, start: number, depth: number): DerNode {
  if (depth > MAX_DEPTH) throw new DerError('ASN.1 nesting too deep');
  if (start + 2 > buf.length) throw new DerError('ASN.1 element runs past the data');
  const tag = buf[start];
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte ASN.1 tags are not supported');
  const constructed = (tag & 0x20) !== 0;
  let at = start + 1;
  const first = buf[at++];
  if (first === 0x80) {
    if (!constructed) throw new DerError('indefinite length on a primitive element');
    const children: DerNode[] = [];
    while (!(buf[at] === 0 && buf[at + 1] === 0)) {
      const child = readNode(buf, at, depth + 1);
      children.push(child);
      at += child.raw.length;
    }
    return { tag, raw: buf.subarray(start, at + 2), content: buf.subarray(start + 2, at), children };
  }
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n > 4) throw new DerError('ASN.1 length too large');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[at++];
  }
  const end = at + length;
  if (end > buf.length) throw new DerError('ASN.1 element runs past the data');
  const content = buf.subarray(at, end);
  const children: DerNode[] = [];
  if (constructed) {
    for (let p = at; p < end; ) {
      const child = readNode(buf, p, depth + 1);
      children.push(child);
      p += child.raw.length;
    }
  }
  return { tag, raw: buf.subarray(start, end), content, children };
}

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node || node.tag !== tag) throw new DerError(`${what}: unexpected ASN.1 structure`);
  return node;
}

export function oidOf(node: DerNode | undefined): string {
  const content = expectTag(node, TAG.oid, 'OBJECT IDENTIFIER').content;
  const arcs: bigint[] = [];
  let value = 0n;
  for (const byte of content) {
    value = (value << 7n) | BigInt(byte & 0x7f);
    if (!(byte & 0x80)) {
      if (arcs.length === 0) arcs.push(value < 80n ? value / 40n : 2n, value < 80n ? value % 40n : value - 80n);
      else arcs.push(value);
      value = 0n;
    }
  }
  return arcs.join('.');
}

/** An INTEGER of any size, as a BigInt (serial numbers, nonces). */
export function bigIntegerOf(node: DerNode | undefined): bigint {
  const content = expectTag(node, TAG.integer, 'INTEGER').content;
  if (content.length === 0) throw new DerError('empty INTEGER');
  let value = 0n;
  for (const b of content) value = (value << 8n) | BigInt(b);
  // Two's complement: a leading bit set is a negative number.
  return content[0] & 0x80 ? value - (1n << BigInt(content.length * 8)) : value;
}

export function integerOf(node: DerNode | undefined): number {
  const content = expectTag(node, TAG.integer, 'INTEGER').content;
  if (content.length > 6) throw new DerError('INTEGER too large');
  return content.reduce((n, b) => n * 256 + b, 0);
}

export function timeOf(node: DerNode | undefined): Date {
  if (!node || (node.tag !== TAG.utcTime && node.tag !== TAG.generalizedTime)) throw new DerError('expected a time');
  const text = node.content.toString('latin1');
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.(\d+))?Z$/.exec(text);
  if (!m) throw new DerError(`unsupported time ${text}`);
  let year = Number(m[1]);
  if (m[1].length === 2) year += year < 50 ? 2000 : 1900;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms));
}

/** A context-specific child [n], if present. */
export function contextChild(node: DerNode, n: number): DerNode | undefined {
  return node.children.find((c) => (c.tag & 0xdf) === (0x80 | n));
}
