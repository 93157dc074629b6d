import { PdfDict, PdfStream } from './pdf-objects';
import { PdfParser, PdfSyntaxError } from './pdf-parser';
import { decodeStream } from './stream-decoder';

export type XrefEntry =
  | { kind: 'free' }
  | { kind: 'offset'; offset: number; gen: number }
  | { kind: 'compressed'; stream: number; index: number };

/** One cross-reference section: what one revision (the original or an update) defined. */
export interface XrefSection {
  offset: number;
  format: 'table' | 'stream';
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
}

const TAIL_WINDOW = 2048;

/** Offset the last "startxref" keyword points at. */
function findStartXref(bytes: Uint8Array): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const at = buf.lastIndexOf('startxref', bytes.length - 1, 'latin1');
  if (at < 0 || at < bytes.length - TAIL_WINDOW) throw new PdfSyntaxError('no startxref near the end of file', bytes.length);
  const parser = new PdfParser(bytes, at + 'startxref'.length);
  const offset = Number(parser.readToken());
  if (!Number.isInteger(offset) || offset < 0 || offset >= bytes.length) {
    throw new PdfSyntaxError('startxref points outside the file', at);
  }
  return offset;
}

/** All sections from the newest back to the original, following /Prev (and /XRefStm of hybrid files). */
export function readXrefChain(bytes: Uint8Array): XrefSection[] {
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  let offset: number | undefined = findStartXref(bytes);
  while (offset !== undefined) {
    if (seen.has(offset)) throw new PdfSyntaxError('cross-reference sections form a loop', offset);
    seen.add(offset);
    const section = readXrefSection(bytes, offset);
    sections.push(section);
    const prev = section.trailer.get('Prev');
    offset = typeof prev === 'number' ? prev : undefined;
  }
  return sections;
}

function readXrefSection(bytes: Uint8Array, offset: number): XrefSection {
  if (offset < 0 || offset >= bytes.length) throw new PdfSyntaxError('cross-reference offset outside the file', offset);
  const parser = new PdfParser(bytes, offset);
  parser.skipWhitespace();
  const save = parser.pos;
  if (parser.readToken() === 'xref') return readTable(bytes, parser, offset);
  parser.pos = save;
  return readStreamSection(parser, offset);
}

function readTable(bytes: Uint8Array, parser: PdfParser, offset: number): XrefSection {
  const entries = new Map<number, XrefEntry>();
  for (;;) {
    const save = parser.pos;
    const first = parser.readToken();
    if (first === 'trailer') break;
    const count = Number(parser.readToken());
    const start = Number(first);
    if (!Number.isInteger(start) || !Number.isInteger(count)) throw new PdfSyntaxError('malformed xref subsection', save);
    for (let i = 0; i < count; i++) {
      const field1 = Number(parser.readToken());
      const gen = Number(parser.readToken());
      const type = parser.readToken();
      if (type !== 'n' && type !== 'f') throw new PdfSyntaxError('malformed xref entry', parser.pos);
      // The first definition read wins: within a section entries are unique anyway.
      if (!entries.has(start + i)) {
        entries.set(start + i, type === 'n' ? { kind: 'offset', offset: field1, gen } : { kind: 'free' });
      }
    }
  }
  const trailer = parser.parseValue();
  if (!(trailer instanceof PdfDict)) throw new PdfSyntaxError('trailer is not a dictionary', parser.pos);
  const hybrid = trailer.get('XRefStm');
  if (typeof hybrid === 'number') mergeHybrid(entries, readXrefSection(bytes, hybrid).entries);
  return { offset, format: 'table', entries, trailer };
}

/** Hybrid files hide compressed objects from old readers in an extra stream. */
function mergeHybrid(entries: Map<number, XrefEntry>, extra: Map<number, XrefEntry>): void {
  for (const [num, entry] of extra) {
    const existing = entries.get(num);
    if (!existing || existing.kind === 'free') entries.set(num, entry);
  }
}

function readStreamSection(parser: PdfParser, offset: number): XrefSection {
  const obj = parser.parseIndirectObject();
  if (!(obj.value instanceof PdfStream) || obj.value.dict.nameOf('Type') !== 'XRef') {
    throw new PdfSyntaxError('startxref does not point at a cross-reference table or stream', offset);
  }
  const dict = obj.value.dict;
  const widths = numbers(dict.get('W'));
  const size = dict.get('Size');
  if (widths.length !== 3 || typeof size !== 'number') throw new PdfSyntaxError('malformed cross-reference stream', offset);
  const index = dict.has('Index') ? numbers(dict.get('Index')) : [0, size];
  const data = decodeStream(obj.value);
  const entries = new Map<number, XrefEntry>();
  const rowLength = widths[0] + widths[1] + widths[2];
  let row = 0;
  for (let i = 0; i + 1 < index.length; i += 2) {
    for (let j = 0; j < index[i + 1]; j++, row++) {
      const at = row * rowLength;
      if (at + rowLength > data.length) throw new PdfSyntaxError('cross-reference stream is short', offset);
      const type = widths[0] === 0 ? 1 : readUint(data, at, widths[0]);
      const f2 = readUint(data, at + widths[0], widths[1]);
      const f3 = readUint(data, at + widths[0] + widths[1], widths[2]);
      entries.set(index[i] + j, toEntry(type, f2, f3));
    }
  }
  return { offset, format: 'stream', entries, trailer: dict };
}

function toEntry(type: number, f2: number, f3: number): XrefEntry {
  if (type === 1) return { kind: 'offset', offset: f2, gen: f3 };
  if (type === 2) return { kind: 'compressed', stream: f2, index: f3 };
  return { kind: 'free' };
}

function readUint(data: Uint8Array, at: number, width: number): number {
  let v = 0;
  for (let i = 0; i < width; i++) v = v * 256 + data[at + i];
  return v;
}

function numbers(v: unknown): number[] {
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
}
