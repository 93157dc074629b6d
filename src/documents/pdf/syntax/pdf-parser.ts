import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, PdfValue } from './pdf-objects';

export class PdfSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = 'PdfSyntaxError';
  }
}

const WHITESPACE = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITESPACE[c] = 1;
const DELIMITER = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIMITER[c.charCodeAt(0)] = 1;

const CH = {
  percent: 0x25,
  slash: 0x2f,
  lparen: 0x28,
  rparen: 0x29,
  lt: 0x3c,
  gt: 0x3e,
  lbracket: 0x5b,
  rbracket: 0x5d,
  backslash: 0x5c,
  hash: 0x23,
  cr: 0x0d,
  lf: 0x0a,
} as const;

/** Resolves a stream's /Length when it is an indirect reference. */
export type LengthResolver = (ref: PdfRef) => number | undefined;

/** The body of one indirect object ("n g obj ... endobj") and where it ends. */
export interface IndirectObject {
  num: number;
  gen: number;
  value: PdfValue;
  end: number;
}

/**
 * A small recursive-descent parser for PDF objects (ISO 32000-1 §7.3). It reads
 * only what it is pointed at, so locating one page costs microseconds.
 */
export class PdfParser {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    private readonly resolveLength: LengthResolver = () => undefined,
  ) {
    this.pos = start;
  }

  skipWhitespace(): void {
    const b = this.bytes;
    while (this.pos < b.length) {
      const c = b[this.pos];
      if (WHITESPACE[c]) this.pos++;
      else if (c === CH.percent) {
        while (this.pos < b.length && b[this.pos] !== CH.lf && b[this.pos] !== CH.cr) this.pos++;
      } else break;
    }
  }

  /** Reads a bare keyword or number token without interpreting it. */
  readToken(): string {
    this.skipWhitespace();
    const b = this.bytes;
    const start = this.pos;
    while (this.pos < b.length && !WHITESPACE[b[this.pos]] && !DELIMITER[b[this.pos]]) this.pos++;
    return Buffer.from(b.buffer, b.byteOffset + start, this.pos - start).toString('latin1');
  }

  expectKeyword(keyword: string): void {
    const at = this.pos;
    const token = this.readToken();
    if (token !== keyword) throw new PdfSyntaxError(`expected "${keyword}", found "${token.slice(0, 20)}"`, at);
  }

  parseIndirectObject(): IndirectObject {
    const at = this.pos;
    const num = Number(this.readToken());
    const gen = Number(this.readToken());
    if (!Number.isInteger(num) || !Number.isInteger(gen)) throw new PdfSyntaxError('expected an object header', at);
    this.expectKeyword('obj');
    let value = this.parseValue();
    const save = this.pos;
    const next = this.readToken();
    if (next === 'stream' && value instanceof PdfDict) {
      value = this.parseStreamBody(value);
    } else {
      this.pos = save;
    }
    this.skipWhitespace();
    if (this.startsWith('endobj')) this.pos += 6;
    return { num, gen, value, end: this.pos };
  }

  parseValue(): PdfValue {
    this.skipWhitespace();
    const b = this.bytes;
    if (this.pos >= b.length) throw new PdfSyntaxError('unexpected end of data', this.pos);
    const c = b[this.pos];
    switch (c) {
      case CH.slash:
        return this.parseName();
      case CH.lparen:
        return this.parseLiteralString();
      case CH.lbracket:
        return this.parseArray();
      case CH.lt:
        return b[this.pos + 1] === CH.lt ? this.parseDict() : this.parseHexString();
      default:
        return this.parseNumberRefOrKeyword();
    }
  }

  private startsWith(text: string): boolean {
    for (let i = 0; i < text.length; i++) if (this.bytes[this.pos + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  private parseName(): PdfName {
    const b = this.bytes;
    this.pos++;
    let out = '';
    while (this.pos < b.length && !WHITESPACE[b[this.pos]] && !DELIMITER[b[this.pos]]) {
      if (b[this.pos] === CH.hash && this.pos + 2 < b.length) {
        out += String.fromCharCode(parseInt(String.fromCharCode(b[this.pos + 1], b[this.pos + 2]), 16));
        this.pos += 3;
      } else {
        out += String.fromCharCode(b[this.pos++]);
      }
    }
    return new PdfName(out);
  }

  private parseLiteralString(): PdfString {
    const b = this.bytes;
    const start = this.pos;
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    while (this.pos < b.length) {
      const c = b[this.pos++];
      if (c === CH.backslash) {
        this.readEscape(out);
        continue;
      }
      if (c === CH.lparen) depth++;
      if (c === CH.rparen && --depth === 0) return new PdfString(Uint8Array.from(out));
      out.push(c);
    }
    throw new PdfSyntaxError('unterminated string', start);
  }

  private readEscape(out: number[]): void {
    const b = this.bytes;
    const c = b[this.pos++];
    const simple: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12 };
    if (simple[c] !== undefined) out.push(simple[c]);
    else if (c >= 0x30 && c <= 0x37) {
      let v = c - 0x30;
      for (let i = 0; i < 2 && b[this.pos] >= 0x30 && b[this.pos] <= 0x37; i++) v = v * 8 + (b[this.pos++] - 0x30);
      out.push(v & 0xff);
    } else if (c === CH.cr) {
      if (b[this.pos] === CH.lf) this.pos++;
    } else if (c !== CH.lf) out.push(c);
  }

  private parseHexString(): PdfString {
    const b = this.bytes;
    const start = this.pos;
    const end = b.indexOf(CH.gt, this.pos);
    if (end < 0) throw new PdfSyntaxError('unterminated hex string', start);
    let hex = Buffer.from(b.buffer, b.byteOffset + start + 1, end - start - 1)
      .toString('latin1')
      .replace(/[^0-9a-fA-F]/g, '');
    if (hex.length % 2) hex += '0';
    this.pos = end + 1;
    return new PdfString(Buffer.from(hex, 'hex'), true);
  }

  private parseArray(): PdfValue[] {
    this.pos++;
    const out: PdfValue[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.pos >= this.bytes.length) throw new PdfSyntaxError('unterminated array', this.pos);
      if (this.bytes[this.pos] === CH.rbracket) {
        this.pos++;
        return out;
      }
      out.push(this.parseValue());
    }
  }

  private parseDict(): PdfDict {
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    for (;;) {
      this.skipWhitespace();
      const b = this.bytes;
      if (this.pos >= b.length) throw new PdfSyntaxError('unterminated dictionary', this.pos);
      if (b[this.pos] === CH.gt && b[this.pos + 1] === CH.gt) {
        this.pos += 2;
        return new PdfDict(entries);
      }
      if (b[this.pos] !== CH.slash) throw new PdfSyntaxError('expected a name key', this.pos);
      const key = this.parseName().value;
      entries.set(key, this.parseValue());
    }
  }

  private parseNumberRefOrKeyword(): PdfValue {
    const at = this.pos;
    const token = this.readToken();
    if (token === '') throw new PdfSyntaxError(`unexpected character "${String.fromCharCode(this.bytes[at])}"`, at);
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token === 'null') return null;
    const n = Number(token);
    if (Number.isNaN(n)) throw new PdfSyntaxError(`unexpected token "${token.slice(0, 20)}"`, at);
    if (/^\d+$/.test(token)) {
      const ref = this.tryReference(n);
      if (ref) return ref;
    }
    return n;
  }

  /** Looks ahead for "gen R" after an integer; rewinds when it is just a number. */
  private tryReference(num: number): PdfRef | undefined {
    const save = this.pos;
    const gen = this.readToken();
    if (/^\d+$/.test(gen) && this.readToken() === 'R') return new PdfRef(num, Number(gen));
    this.pos = save;
    return undefined;
  }

  private parseStreamBody(dict: PdfDict): PdfStream {
    const b = this.bytes;
    // "stream" is followed by CRLF or LF (a lone CR is tolerated).
    if (b[this.pos] === CH.cr) this.pos++;
    if (b[this.pos] === CH.lf) this.pos++;
    const start = this.pos;
    const declared = this.declaredLength(dict);
    let end = declared !== undefined ? start + declared : -1;
    if (end < start || end > b.length || !this.endstreamFollows(end)) {
      end = this.findEndstream(start);
    }
    this.pos = end;
    this.skipWhitespace();
    this.expectKeyword('endstream');
    return new PdfStream(dict, b.subarray(start, end));
  }

  private declaredLength(dict: PdfDict): number | undefined {
    const length = dict.get('Length');
    if (typeof length === 'number') return length;
    if (length instanceof PdfRef) return this.resolveLength(length);
    return undefined;
  }

  private endstreamFollows(at: number): boolean {
    const p = new PdfParser(this.bytes, at);
    p.skipWhitespace();
    return p.startsWith('endstream');
  }

  /** Recovers from a wrong /Length the way viewers do: up to the next "endstream". */
  private findEndstream(start: number): number {
    const idx = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length).indexOf('endstream', start, 'latin1');
    if (idx < 0) throw new PdfSyntaxError('stream without endstream', start);
    let end = idx;
    if (this.bytes[end - 1] === CH.lf) end--;
    if (this.bytes[end - 1] === CH.cr) end--;
    return end;
  }
}
