import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import * as fontkit from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';

export const FONT_FAMILIES = ['arimo', 'tinos', 'dejavu-sans', 'dejavu-serif'] as const;
export type FontFamily = (typeof FONT_FAMILIES)[number];
export type FontWeight = 'regular' | 'bold';

/**
 * Libre fonts shipped as npm packages. Arimo is metric-compatible with Arial
 * (the face tata naskah dinas asks for) and Tinos with Times New Roman;
 * DejaVu covers more scripts.
 */
const FONT_FILES: Record<FontFamily, Record<FontWeight, string>> = {
  arimo: {
    regular: '@fontsource/arimo/files/arimo-latin-400-normal.woff',
    bold: '@fontsource/arimo/files/arimo-latin-700-normal.woff',
  },
  tinos: {
    regular: '@fontsource/tinos/files/tinos-latin-400-normal.woff',
    bold: '@fontsource/tinos/files/tinos-latin-700-normal.woff',
  },
  'dejavu-sans': { regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf', bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf' },
  'dejavu-serif': { regular: 'dejavu-fonts-ttf/ttf/DejaVuSerif.ttf', bold: 'dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf' },
};

type FontkitFont = fontkit.Font;
type Glyph = fontkit.Glyph;
/** pdf-lib declares its own copy of fontkit's types. */
type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];
type PdfLibFont = ReturnType<PdfLibFontkit['create']>;

/** A font ready for layout: measured from a per-code-point cache, embedded by pdf-lib. */
export class LetterFont {
  private readonly advances = new Map<number, number>();
  private readonly glyphs = new Map<number, Glyph>();
  private readonly replacements = new Map<number, string>();
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly postscriptName: string;
  /** The parsed font as pdf-lib sees it, shared by every document. */
  readonly embeddable: PdfLibFont;

  constructor(
    readonly name: string,
    readonly bytes: Uint8Array,
    private readonly font: FontkitFont,
  ) {
    this.unitsPerEm = font.unitsPerEm;
    this.ascent = font.ascent / font.unitsPerEm;
    this.postscriptName = (font.postscriptName ?? name).replace(/[^A-Za-z0-9-]/g, '');
    this.embeddable = this.withFastLayout();
  }

  /**
   * Makes arbitrary user text printable in this font: control characters
   * dropped, tabs to spaces, a character the font lacks replaced by its base
   * letter ("ş" → "s") or, failing that, "?". Never silently prints a blank box.
   */
  printable(text: string): string {
    let out = '';
    for (const ch of text.normalize('NFC').replace(/\t/g, ' ')) {
      const cp = ch.codePointAt(0)!;
      let mapped = this.replacements.get(cp);
      if (mapped === undefined) {
        mapped = this.replacementFor(ch, cp);
        this.replacements.set(cp, mapped);
      }
      out += mapped;
    }
    return out;
  }

  private replacementFor(ch: string, cp: number): string {
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return '';
    if (this.font.hasGlyphForCodePoint(cp)) return ch;
    const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
    return base !== '' && [...base].every((c) => this.font.hasGlyphForCodePoint(c.codePointAt(0)!)) ? base : '?';
  }

  widthOf(text: string, size: number): number {
    let units = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let w = this.advances.get(cp);
      if (w === undefined) {
        w = this.glyphFor(cp).advanceWidth;
        this.advances.set(cp, w);
      }
      units += w;
    }
    return (units * size) / this.unitsPerEm;
  }

  private glyphFor(cp: number): Glyph {
    let g = this.glyphs.get(cp);
    if (!g) {
      g = this.font.glyphForCodePoint(cp);
      this.glyphs.set(cp, g);
    }
    return g;
  }

  /**
   * pdf-lib shapes every string with fontkit's full OpenType layout, which was
   * most of the rendering time. Letters are Latin text that needs no shaping,
   * so glyphs come straight from the cmap; pdf-lib ignores kerning anyway.
   */
  private withFastLayout(): PdfLibFont {
    const layout = (text: string) => ({ glyphs: Array.from(text, (ch) => this.glyphFor(ch.codePointAt(0)!)) });
    const proxy = new Proxy(this.font, {
      get: (target, key) => {
        if (key === 'layout') return layout;
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return proxy as unknown as PdfLibFont;
  }
}

const loaded = new Map<string, LetterFont>();
const byBytes = new WeakMap<Uint8Array, LetterFont>();

/**
 * Register on each PDFDocument: embedding one of our fonts then reuses the
 * font parsed at start-up instead of parsing it again per document.
 */
export const cachedFontkit: PdfLibFontkit = {
  create: (bytes: Uint8Array) => {
    const font = byBytes.get(bytes);
    if (!font) throw new Error('only fonts loaded through letterFont() can be embedded');
    return font.embeddable;
  },
};

/** Loads (once per process) a family's weight; WOFF files are unpacked to plain TrueType once. */
export function letterFont(family: FontFamily, weight: FontWeight): LetterFont {
  const key = `${family}/${weight}`;
  let font = loaded.get(key);
  if (!font) {
    const raw = readFileSync(require.resolve(FONT_FILES[family][weight]));
    const sfnt = isWoff(raw) ? woffToSfnt(raw) : raw;
    font = new LetterFont(key, sfnt, fontkit.create(sfnt));
    loaded.set(key, font);
    byBytes.set(sfnt, font);
  }
  return font;
}

function isWoff(bytes: Buffer): boolean {
  return bytes.toString('latin1', 0, 4) === 'wOFF';
}

/**
 * WOFF 1.0 → sfnt. fontkit reads WOFF but inflates a table on every access,
 * so subsetting a WOFF font cost tens of milliseconds per document.
 */
function woffToSfnt(woff: Buffer): Buffer {
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    return {
      tag: woff.readUInt32BE(at),
      offset: woff.readUInt32BE(at + 4),
      compLength: woff.readUInt32BE(at + 8),
      origLength: woff.readUInt32BE(at + 12),
      checksum: woff.readUInt32BE(at + 16),
    };
  });
  const headerSize = 12 + 16 * numTables;
  const padded = (n: number) => (n + 3) & ~3;
  const out = Buffer.alloc(headerSize + tables.reduce((n, t) => n + padded(t.origLength), 0));
  out.writeUInt32BE(woff.readUInt32BE(4), 0); // flavor
  out.writeUInt16BE(numTables, 4);
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 16 * 2 ** entrySelector;
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerSize;
  tables.forEach((t, i) => {
    const raw = woff.subarray(t.offset, t.offset + t.compLength);
    const data = t.compLength < t.origLength ? inflateSync(raw) : raw;
    const entry = 12 + 16 * i;
    out.writeUInt32BE(t.tag, entry);
    out.writeUInt32BE(t.checksum, entry + 4);
    out.writeUInt32BE(offset, entry + 8);
    out.writeUInt32BE(t.origLength, entry + 12);
    data.copy(out, offset);
    offset += padded(t.origLength);
  });
  return out;
}
