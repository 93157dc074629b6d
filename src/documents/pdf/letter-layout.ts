import { PDFDocument } from 'pdf-lib';
import { LetterTemplate, PAPER_SIZES } from './letter-template.types';
import { DocumentFont, PageCanvas } from './page-canvas';
import { WrappedLine, wrapText } from './text-wrap';

export const MM = 72 / 25.4;

export interface TextStyle {
  font: DocumentFont;
  size: number;
}

/**
 * The flow of a letter down its pages: a cursor, page breaks and the drawing
 * helpers every block uses. Continuation pages start at the top margin
 * without the letterhead, as tata naskah dinas prescribes.
 */
export class LetterLayout {
  readonly pages: PageCanvas[] = [];
  readonly pageWidth: number;
  readonly pageHeight: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly body: TextStyle;
  readonly bold: TextStyle;
  /** Baseline-to-baseline distance of body text. */
  readonly lineGap: number;
  y = 0;

  constructor(
    private readonly doc: PDFDocument,
    readonly template: LetterTemplate,
    fonts: { regular: DocumentFont; bold: DocumentFont },
  ) {
    const [w, h] = PAPER_SIZES[template.paper];
    this.pageWidth = w * MM;
    this.pageHeight = h * MM;
    this.left = template.margins.left * MM;
    this.right = this.pageWidth - template.margins.right * MM;
    this.top = this.pageHeight - template.margins.top * MM;
    this.bottom = template.margins.bottom * MM;
    this.body = { font: fonts.regular, size: template.font.size };
    this.bold = { font: fonts.bold, size: template.font.size };
    this.lineGap = template.font.size * template.font.lineHeight;
    this.newPage();
  }

  get width(): number {
    return this.right - this.left;
  }

  get page(): PageCanvas {
    return this.pages[this.pages.length - 1];
  }

  get rightColumnX(): number {
    return this.left + this.width * this.template.rightColumn;
  }

  newPage(): void {
    this.pages.push(new PageCanvas(this.doc, this.doc.addPage([this.pageWidth, this.pageHeight])));
    this.y = this.top;
  }

  /** Starts a new page unless `height` more points fit above the bottom margin. */
  ensure(height: number): void {
    if (this.y - height < this.bottom && this.y < this.top) this.newPage();
  }

  advance(height: number): void {
    this.y -= height;
  }

  measure(style: TextStyle, text: string): number {
    return style.font.metrics.widthOf(text, style.size);
  }

  printable(style: TextStyle, text: string): string {
    return style.font.metrics.printable(text);
  }

  wrap(style: TextStyle, text: string, width: number, firstWidth = width): WrappedLine[] {
    return wrapText(this.printable(style, text), firstWidth, width, (t) => this.measure(style, t));
  }

  /** One line of text whose top is at the cursor; the cursor moves one line down. */
  line(style: TextStyle, text: string, x: number, lineGap = this.lineGap): void {
    this.ensure(lineGap);
    this.page.text(style.font, style.size, x, this.baseline(style), this.printable(style, text));
    this.advance(lineGap);
  }

  /** Wrapped text starting at the cursor; lines after the first start at `x + hangingIndent`. */
  wrappedLines(style: TextStyle, text: string, x: number, width: number, hangingIndent = 0): void {
    for (const [i, line] of this.wrap(style, text, width - hangingIndent, width).entries()) {
      this.line(style, line.words.join(' '), i === 0 ? x : x + hangingIndent);
    }
  }

  centered(style: TextStyle, text: string, centerX: number, lineGap = this.lineGap): void {
    const printable = this.printable(style, text);
    this.line(style, printable, centerX - this.measure(style, printable) / 2, lineGap);
  }

  /** Baseline for text whose line box starts at the cursor. */
  baseline(style: TextStyle): number {
    return this.y - style.font.metrics.ascent * style.size;
  }
}
