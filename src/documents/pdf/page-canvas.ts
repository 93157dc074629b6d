import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFFont, PDFName, PDFPage, PDFRef } from 'pdf-lib';
import { LetterFont } from './letter-fonts';

/** A font embedded in one document: measured by LetterFont, encoded by pdf-lib (which subsets it). */
export interface DocumentFont {
  metrics: LetterFont;
  pdf: PDFFont;
  /** Hex strings already encoded in this document (words repeat a lot in a letter). */
  encoded: Map<string, string>;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Coordinates to a thousandth of a point: plenty for print, and much cheaper than toFixed. */
const n = (v: number): string => String(Math.round(v * 1000) / 1000);

/**
 * Writes a page's content stream directly as PDF operators. pdf-lib's drawText
 * cost ~40 µs a call and cannot justify text with TJ adjustments (word spacing
 * does not apply to the two-byte fonts it embeds), so the layout draws here and
 * pdf-lib only manages fonts, images and saving.
 */
export class PageCanvas {
  private readonly ops: string[] = [];
  private readonly fontKeys = new Map<PDFFont, string>();

  constructor(
    private readonly doc: PDFDocument,
    readonly page: PDFPage,
  ) {}

  text(font: DocumentFont, size: number, x: number, y: number, text: string, gray = 0): void {
    if (text === '') return;
    const show = `BT ${this.fontKey(font)} ${n(size)} Tf ${n(x)} ${n(y)} Td ${this.encode(font, text)} Tj ET`;
    // Colour outlives ET, so a grey run is fenced in q/Q.
    this.ops.push(gray === 0 ? show : `q ${n(gray)} g ${show} Q`);
  }

  /** Words spread to fill `width` exactly: the extra space goes between words through TJ offsets. */
  justified(font: DocumentFont, size: number, x: number, y: number, words: string[], naturalWidth: number, width: number): void {
    if (words.length < 2) return this.text(font, size, x, y, words.join(' '));
    const extraPerGap = (width - naturalWidth) / (words.length - 1);
    const offset = n((-extraPerGap * 1000) / size);
    const parts = words.map((w, i) => this.encode(font, i < words.length - 1 ? `${w} ` : w));
    this.ops.push(`BT ${this.fontKey(font)} ${n(size)} Tf ${n(x)} ${n(y)} Td [${parts.join(` ${offset} `)}] TJ ET`);
  }

  /** Text rotated about its origin, behind a translucent graphics state (the KONSEP watermark). */
  rotatedText(font: DocumentFont, size: number, x: number, y: number, angle: number, text: string, gray: number, opacity: number): void {
    const gs = this.page.node.newExtGState('GS', this.doc.context.obj({ Type: 'ExtGState', ca: opacity, CA: opacity }));
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    this.ops.push(
      `q ${gs.asString()} gs BT ${gray} g ${this.fontKey(font)} ${n(size)} Tf ${n(c)} ${n(s)} ${n(-s)} ${n(c)} ${n(x)} ${n(y)} Tm ${this.encode(font, text)} Tj ET Q`,
    );
  }

  line(x1: number, y1: number, x2: number, y2: number, width: number): void {
    this.ops.push(`q ${n(width)} w 0 G ${n(x1)} ${n(y1)} m ${n(x2)} ${n(y2)} l S Q`);
  }

  /** Many black rectangles as one path with one fill (QR modules). */
  fillRects(rects: Rect[]): void {
    if (rects.length === 0) return;
    const path = rects.map((r) => `${n(r.x)} ${n(r.y)} ${n(r.width)} ${n(r.height)} re`).join(' ');
    this.ops.push(`q 0 g ${path} f Q`);
  }

  image(ref: PDFRef, x: number, y: number, width: number, height: number): void {
    const key = this.page.node.newXObject('Im', ref);
    this.ops.push(`q ${n(width)} 0 0 ${n(height)} ${n(x)} ${n(y)} cm ${key.asString()} Do Q`);
  }

  /** Compresses the operators into the page's single content stream. */
  finish(): void {
    const content = deflateSync(Buffer.from(this.ops.join('\n'), 'latin1'));
    const stream = this.doc.context.stream(content, { Filter: 'FlateDecode' });
    this.page.node.set(PDFName.of('Contents'), this.doc.context.register(stream));
  }

  private fontKey(font: DocumentFont): string {
    let key = this.fontKeys.get(font.pdf);
    if (!key) {
      key = this.page.node.newFontDictionary(font.pdf.name, font.pdf.ref).asString();
      this.fontKeys.set(font.pdf, key);
    }
    return key;
  }

  private encode(font: DocumentFont, text: string): string {
    let hex = font.encoded.get(text);
    if (hex === undefined) {
      hex = font.pdf.encodeText(text).toString();
      font.encoded.set(text, hex);
    }
    return hex;
  }
}
