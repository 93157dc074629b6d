import { PDFDocument, PDFFont, PDFPage, rgb } from 'pdf-lib';
import { cachedFontkit, LetterFont, letterFont } from '../../documents/pdf/letter-fonts';

export interface PdfColumn {
  key: string;
  header: string;
  /** Share of the table's width. */
  width: number;
}

export interface DaftarPdfInput {
  title: string;
  subtitle: string[];
  columns: PdfColumn[];
  rows: Record<string, unknown>[];
}

const PAGE: [number, number] = [841.89, 595.28]; // A4 landscape
const MARGIN = 36;
const SIZE = 8;
const LINE = 10;
const PAD = 3;

interface Face {
  metrics: LetterFont;
  pdf: PDFFont;
}

/** Splits text into lines that fit `width` at the table's size, breaking long words too. */
function wrap(face: Face, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of face.metrics.printable(text).split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (face.metrics.widthOf(candidate, SIZE) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (face.metrics.widthOf(rest, SIZE) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && face.metrics.widthOf(rest.slice(0, cut), SIZE) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/**
 * A daftar arsip as a table on A4 landscape pages, the header row repeated on each page and
 * the page numbered, in the letters' libre font (Arimo) so any Indonesian text prints.
 */
export async function renderDaftarPdf(input: DaftarPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(cachedFontkit);
  doc.setTitle(input.title);
  doc.setProducer('e-Surat Core');
  const embed = async (weight: 'regular' | 'bold'): Promise<Face> => {
    const metrics = letterFont('arimo', weight);
    return { metrics, pdf: await doc.embedFont(metrics.bytes, { subset: true }) };
  };
  const regular = await embed('regular');
  const bold = await embed('bold');
  const tableWidth = PAGE[0] - 2 * MARGIN;
  const total = input.columns.reduce((n, c) => n + c.width, 0);
  const widths = input.columns.map((c) => (c.width / total) * tableWidth);

  let page!: PDFPage;
  let y = 0;
  const pages: PDFPage[] = [];
  const drawRow = (cells: string[][], face: Face, shade: boolean) => {
    const height = Math.max(...cells.map((c) => c.length)) * LINE + 2 * PAD;
    if (shade) page.drawRectangle({ x: MARGIN, y: y - height, width: tableWidth, height, color: rgb(0.9, 0.9, 0.9) });
    let x = MARGIN;
    cells.forEach((lines, i) => {
      page.drawRectangle({ x, y: y - height, width: widths[i], height, borderColor: rgb(0, 0, 0), borderWidth: 0.5 });
      lines.forEach((text, j) => page.drawText(text, { x: x + PAD, y: y - PAD - (j + 1) * LINE + 2, size: SIZE, font: face.pdf }));
      x += widths[i];
    });
    y -= height;
  };
  const headerCells = input.columns.map((c, i) => wrap(bold, c.header, widths[i] - 2 * PAD));
  const headerHeight = Math.max(...headerCells.map((c) => c.length)) * LINE + 2 * PAD;
  const newPage = () => {
    page = doc.addPage(PAGE);
    pages.push(page);
    y = PAGE[1] - MARGIN;
    if (pages.length === 1) {
      const title = bold.metrics.printable(input.title);
      page.drawText(title, { x: (PAGE[0] - bold.metrics.widthOf(title, 13)) / 2, y: y - 13, size: 13, font: bold.pdf });
      y -= 20;
      for (const line of input.subtitle) {
        const text = regular.metrics.printable(line);
        page.drawText(text, { x: (PAGE[0] - regular.metrics.widthOf(text, 9)) / 2, y: y - 10, size: 9, font: regular.pdf });
        y -= 13;
      }
      y -= 8;
    }
    drawRow(headerCells, bold, true);
  };
  newPage();
  for (const row of input.rows) {
    const cells = input.columns.map((c, i) => wrap(regular, row[c.key] === null || row[c.key] === undefined ? '' : String(row[c.key]), widths[i] - 2 * PAD));
    const height = Math.max(...cells.map((c) => c.length)) * LINE + 2 * PAD;
    if (y - height < MARGIN + 14 && y < PAGE[1] - MARGIN - headerHeight - 1) newPage();
    drawRow(cells, regular, false);
  }
  if (input.rows.length === 0) {
    const text = 'Tidak ada berkas.';
    page.drawText(text, { x: MARGIN + PAD, y: y - LINE - PAD, size: SIZE, font: regular.pdf });
  }
  pages.forEach((p, i) => {
    const text = `Halaman ${i + 1} dari ${pages.length}`;
    p.drawText(text, { x: PAGE[0] - MARGIN - regular.metrics.widthOf(text, 8), y: MARGIN / 2, size: 8, font: regular.pdf });
  });
  return doc.save({ useObjectStreams: false });
}
