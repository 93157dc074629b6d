/**
 * The PDF object model our low-level reader and incremental writer share.
 * pdf-lib cannot save incrementally, and re-parsing a whole file with it costs
 * more than signing it, so signing and verification work on these instead.
 */

export class PdfName {
  constructor(readonly value: string) {}
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}

  get key(): string {
    return `${this.num} ${this.gen} R`;
  }
}

/** A string object: raw bytes, plus whether it was written in hex. */
export class PdfString {
  constructor(
    readonly bytes: Uint8Array,
    readonly hex = false,
  ) {}

  static fromText(text: string): PdfString {
    const ascii = /^[\x20-\x7e]*$/.test(text);
    if (ascii) return new PdfString(Buffer.from(text, 'latin1'));
    // UTF-16BE with BOM is the only portable encoding for text strings outside PDFDocEncoding.
    const utf16 = Buffer.from(text, 'utf16le').swap16();
    return new PdfString(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16]));
  }

  /** Decodes a text string (UTF-16BE with BOM, UTF-8 with BOM, else Latin-1 as a PDFDocEncoding approximation). */
  text(): string {
    const b = Buffer.from(this.bytes);
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
    return b.toString('latin1');
  }
}

export class PdfDict {
  constructor(readonly entries: Map<string, PdfValue> = new Map()) {}

  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** A shallow copy, so a modified object never aliases the parsed original. */
  clone(): PdfDict {
    return new PdfDict(new Map(this.entries));
  }

  set(key: string, value: PdfValue): this {
    this.entries.set(key, value);
    return this;
  }

  nameOf(key: string): string | undefined {
    const v = this.entries.get(key);
    return v instanceof PdfName ? v.value : undefined;
  }
}

/** A stream: its dictionary and its still-encoded data. */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly data: Uint8Array,
  ) {}
}

export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfValue[] | PdfDict | PdfStream;

/** The dictionary of a dictionary or of a stream. */
export function dictOf(v: PdfValue | undefined): PdfDict | undefined {
  if (v instanceof PdfDict) return v;
  if (v instanceof PdfStream) return v.dict;
  return undefined;
}

/** Structural equality: what a viewer would see as the same object. */
export function pdfEquals(a: PdfValue | undefined, b: PdfValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a instanceof PdfName) return b instanceof PdfName && a.value === b.value;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && Buffer.from(a.bytes).equals(b.bytes);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => pdfEquals(v, b[i]));
  if (a instanceof PdfStream) {
    return b instanceof PdfStream && pdfEquals(a.dict, b.dict) && Buffer.from(a.data).equals(b.data);
  }
  if (a instanceof PdfDict) {
    if (!(b instanceof PdfDict) || a.entries.size !== b.entries.size) return false;
    for (const [k, v] of a.entries) if (!pdfEquals(v, b.entries.get(k))) return false;
    return true;
  }
  return false;
}
