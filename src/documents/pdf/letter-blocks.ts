import { PDFRef } from 'pdf-lib';
import { formatIndonesianDate } from '../../common/time/indonesian-date';
import { formatNip } from './indonesian-format';
import { LetterLayout, MM, TextStyle } from './letter-layout';
import { LetterRenderInput, SignatureSlot, SignerBlock } from './letter-render.types';
import { ColumnAlign, LetterField, TemplateBlock } from './letter-template.types';
import { qrCodeRects } from './qr-code';

export interface LogoImage {
  ref: PDFRef;
  /** width / height */
  aspect: number;
}

export interface BlockContext {
  layout: LetterLayout;
  input: LetterRenderInput;
  logo?: LogoImage;
  /** Set on a final render: every signature block carries the verification QR code. */
  qrUrl?: string;
  /** Filled by the signatures block. */
  signatureSlots: SignatureSlot[];
}

/** Height left in a signature block for the QR code (or, on a draft, the blank space). */
const SIGNATURE_SPACE = 26 * MM;
const QR_SIZE = 22 * MM;
const COLUMN_GUTTER = 8 * MM;
const LIST_MARKER = /^((?:\d{1,2}|[a-zA-Z])[.)]|[-•])\s+/;

export function renderBlock(ctx: BlockContext, block: TemplateBlock): void {
  const l = ctx.layout;
  switch (block.type) {
    case 'letterhead':
      return letterhead(ctx);
    case 'title':
      return title(ctx, block.text, block.showNumber);
    case 'place-date':
      return l.line(l.body, placeAndDate(ctx.input), columnX(l, block.align));
    case 'fields':
      return fields(ctx, block.rows);
    case 'rule':
      l.page.line(l.left, l.y - 2, l.right, l.y - 2, 0.75);
      return l.advance(l.lineGap * 0.5);
    case 'addressees':
      return addressees(ctx, block.prefix, block.trailer, block.align);
    case 'paragraphs':
      return paragraphs(l, ctx.input.paragraphs);
    case 'event-details':
      return eventDetails(ctx);
    case 'closing':
      return paragraphs(l, ctx.input.closing ?? []);
    case 'table':
      return table(ctx, block.fontSize);
    case 'signatures':
      return signatures(ctx);
    case 'carbon-copies':
      return carbonCopies(l, block.label, ctx.input.carbonCopies ?? []);
    case 'space':
      return l.advance(block.height * MM);
  }
}

function columnX(l: LetterLayout, align: ColumnAlign): number {
  return align === 'left' ? l.left : l.rightColumnX;
}

function placeAndDate(input: LetterRenderInput): string {
  return `${input.place}, ${input.date ? formatIndonesianDate(input.date) : '....................'}`;
}

/** Kop surat: logo on the left, names centred on the page, then the rule. */
function letterhead(ctx: BlockContext): void {
  const l = ctx.layout;
  const style = l.template.letterhead;
  const head = ctx.input.letterhead;
  const top = l.y;
  const logoHeight = style.logoHeight * MM;
  const logoWidth = ctx.logo ? logoHeight * ctx.logo.aspect : 0;
  if (ctx.logo) l.page.image(ctx.logo.ref, l.left, top - logoHeight, logoWidth, logoHeight);

  // Symmetric insets keep the text centred on the page, clear of the logo.
  const inset = ctx.logo ? logoWidth + 3 * MM : 0;
  const width = l.width - 2 * inset;
  const bold = (size: number): TextStyle => ({ font: l.bold.font, size });
  const regular = (size: number): TextStyle => ({ font: l.body.font, size });
  const contact = [
    head.phone && `Telepon ${head.phone}`,
    head.fax && `Faksimile ${head.fax}`,
    head.website && `Laman ${head.website}`,
    head.email && `Pos-el ${head.email}`,
  ].filter(Boolean) as string[];
  const texts: [TextStyle, string][] = [
    [bold(style.governmentSize), head.governmentName],
    ...(head.unitName ? [[bold(style.unitSize), head.unitName] as [TextStyle, string]] : []),
    ...head.addressLines.map((a) => [regular(style.addressSize), a] as [TextStyle, string]),
    ...(contact.length ? [[regular(style.addressSize), contact.join(', ')] as [TextStyle, string]] : []),
  ];
  const lines = texts.flatMap(([s, text]) => l.wrap(s, text, width).map((w) => ({ style: s, text: w.words.join(' ') })));
  const textHeight = lines.reduce((h, line) => h + line.style.size * 1.2, 0);
  l.y = top - Math.max(0, (logoHeight - textHeight) / 2);
  const centerX = l.left + l.width / 2;
  for (const line of lines) l.centered(line.style, line.text, centerX, line.style.size * 1.2);

  const ruleY = Math.min(l.y, top - logoHeight) - 3;
  if (style.rule !== 'none') l.page.line(l.left, ruleY, l.right, ruleY, style.rule === 'double' ? 2.25 : 1);
  if (style.rule === 'double') l.page.line(l.left, ruleY - 3, l.right, ruleY - 3, 0.75);
  l.y = ruleY - 3 - l.lineGap;
}

function title(ctx: BlockContext, text: string, showNumber: boolean): void {
  const l = ctx.layout;
  const centerX = l.left + l.width / 2;
  l.centered({ font: l.bold.font, size: l.body.size + 2 }, text, centerX, l.lineGap * 1.2);
  if (showNumber) l.centered(l.body, `NOMOR ${ctx.input.number ?? ''}`, centerX);
}

function fieldLines(input: LetterRenderInput, field: LetterField): string[] {
  switch (field) {
    case 'number':
      return [input.number ?? ''];
    case 'date':
      return [input.date ? formatIndonesianDate(input.date) : ''];
    case 'securityClass':
      return [input.securityClass];
    case 'attachments':
      return [input.attachments || '-'];
    case 'subject':
      return [input.subject];
    case 'addressees':
      return input.addressees;
    case 'sender':
      return [input.sender || '-'];
  }
}

/** The "Nomor : ..." table: labels, aligned colons, values wrapped in their column. */
function fields(ctx: BlockContext, rows: { label: string; field: LetterField }[]): void {
  const l = ctx.layout;
  const labelWidth = Math.max(...rows.map((r) => l.measure(l.body, l.printable(l.body, r.label)))) + 2 * MM;
  const valueX = l.left + labelWidth + l.measure(l.body, ': ');
  for (const row of rows) {
    l.ensure(l.lineGap);
    const baseline = l.baseline(l.body);
    l.page.text(l.body.font, l.body.size, l.left, baseline, l.printable(l.body, row.label));
    l.page.text(l.body.font, l.body.size, l.left + labelWidth, baseline, ':');
    const values = fieldLines(ctx.input, row.field);
    if (row.field === 'addressees' && values.length > 1) {
      values.forEach((value, i) => listItem(l, `${i + 1}.`, value, valueX));
      continue;
    }
    for (const value of values) {
      if (value === '') l.advance(l.lineGap);
      else l.wrappedLines(l.body, value, valueX, l.right - valueX);
    }
  }
}

function addressees(ctx: BlockContext, prefix: string, trailer: string[], align: ColumnAlign): void {
  const l = ctx.layout;
  const x = columnX(l, align);
  const prefixText = `${prefix} `;
  const indent = l.measure(l.body, l.printable(l.body, prefixText));
  // Several addressees are numbered, as Permendagri 1/2023 lists them; a single one is not.
  const numbered = ctx.input.addressees.length > 1;
  ctx.input.addressees.forEach((addressee, i) => {
    l.ensure(l.lineGap);
    if (i === 0) l.page.text(l.body.font, l.body.size, x, l.baseline(l.body), l.printable(l.body, prefixText));
    if (numbered) listItem(l, `${i + 1}.`, addressee, x + indent);
    else l.wrappedLines(l.body, addressee, x + indent, l.right - x - indent);
  });
  for (const line of trailer) l.line(l.body, line, x);
}

/** Body text: first-line indent, justified, list items ("1.", "a.", "-") with a hanging indent. */
function paragraphs(l: LetterLayout, texts: string[]): void {
  const p = l.template.paragraph;
  const indent = p.firstLineIndent * MM;
  for (const text of texts) {
    text.split(/\r?\n/).forEach((hardLine, i) => {
      const marker = LIST_MARKER.exec(hardLine);
      if (marker) return listItem(l, marker[1], hardLine.slice(marker[0].length), l.left + indent);
      const first = i === 0 ? indent : 0;
      for (const [j, line] of l.wrap(l.body, hardLine, l.width, l.width - first).entries()) {
        const x = j === 0 ? l.left + first : l.left;
        const width = l.right - x;
        l.ensure(l.lineGap);
        if (p.justify && !line.last) l.page.justified(l.body.font, l.body.size, x, l.baseline(l.body), line.words, line.width, width);
        else l.page.text(l.body.font, l.body.size, x, l.baseline(l.body), line.words.join(' '));
        l.advance(l.lineGap);
      }
    });
    l.advance(p.spacing);
  }
}

function listItem(l: LetterLayout, marker: string, text: string, x: number): void {
  const hanging = Math.max(l.measure(l.body, `${marker} `), 6 * MM);
  l.ensure(l.lineGap);
  l.page.text(l.body.font, l.body.size, x, l.baseline(l.body), marker);
  l.wrappedLines(l.body, text, x + hanging, l.right - x - hanging);
}

/** Hari/Tanggal, Pukul, Tempat, Acara: a label table indented like a paragraph. */
function eventDetails(ctx: BlockContext): void {
  const l = ctx.layout;
  const details = ctx.input.eventDetails ?? [];
  if (details.length === 0) return;
  const x = l.left + l.template.paragraph.firstLineIndent * MM;
  const labelWidth = Math.max(...details.map((d) => l.measure(l.body, l.printable(l.body, d.label)))) + 2 * MM;
  const valueX = x + labelWidth + l.measure(l.body, ': ');
  for (const d of details) {
    l.ensure(l.lineGap);
    const baseline = l.baseline(l.body);
    l.page.text(l.body.font, l.body.size, x, baseline, l.printable(l.body, d.label));
    l.page.text(l.body.font, l.body.size, x + labelWidth, baseline, ':');
    l.wrappedLines(l.body, d.value, valueX, l.right - valueX);
  }
  l.advance(l.template.paragraph.spacing);
}

const CELL_PAD = 1.5 * MM;

/**
 * A ruled table across the text width: the header in bold, each row as tall as its longest
 * wrapped cell, a row never split across pages (the header is repeated on the next page).
 */
function table(ctx: BlockContext, fontSize: number): void {
  const l = ctx.layout;
  const t = ctx.input.table;
  if (!t || t.columns.length === 0) return;
  const body = { font: l.body.font, size: fontSize };
  const bold = { font: l.bold.font, size: fontSize };
  const gap = fontSize * 1.2;
  const xs: number[] = [l.left];
  for (const c of t.columns) xs.push(xs[xs.length - 1] + c.width * l.width);
  const cellLines = (style: TextStyle, cells: string[]) =>
    t.columns.map((_, i) => l.wrap(style, cells[i] ?? '', xs[i + 1] - xs[i] - 2 * CELL_PAD).map((w) => w.words.join(' ')));
  const drawRow = (style: TextStyle, lines: string[][]) => {
    const height = Math.max(1, ...lines.map((c) => c.length)) * gap + 2 * CELL_PAD;
    const top = l.y;
    lines.forEach((cell, i) => cell.forEach((text, j) => l.page.text(style.font, style.size, xs[i] + CELL_PAD, top - CELL_PAD - j * gap - style.font.metrics.ascent * style.size, text)));
    for (const x of xs) l.page.line(x, top, x, top - height, 0.5);
    l.page.line(xs[0], top, xs[xs.length - 1], top, 0.5);
    l.page.line(xs[0], top - height, xs[xs.length - 1], top - height, 0.5);
    l.advance(height);
  };
  const header = cellLines(bold, t.columns.map((c) => c.label));
  const headerHeight = Math.max(...header.map((c) => c.length)) * gap + 2 * CELL_PAD;
  l.ensure(headerHeight + gap + 2 * CELL_PAD);
  drawRow(bold, header);
  for (const row of t.rows) {
    const lines = cellLines(body, row);
    const height = Math.max(1, ...lines.map((c) => c.length)) * gap + 2 * CELL_PAD;
    if (l.y - height < l.bottom) {
      l.newPage();
      drawRow(bold, header);
    }
    drawRow(body, lines);
  }
  l.advance(l.template.paragraph.spacing);
}

interface SignerLines {
  heading: string[];
  name: string[];
  footer: string[];
}

/** a.n./u.b. lines, then "Plt./Plh. <jabatan>,", as Permendagri 1/2023 prints them. */
function signerLines(l: LetterLayout, signer: SignerBlock, width: number): SignerLines {
  const wrap = (style: TextStyle, text: string) => l.wrap(style, text, width).map((w) => w.words.join(' '));
  const acting = signer.actingAs === 'plt' ? 'Plt. ' : signer.actingAs === 'plh' ? 'Plh. ' : '';
  const heading = [
    ...(signer.onBehalfOf ? [`a.n. ${signer.onBehalfOf.superior}`] : []),
    ...(signer.onBehalfOf?.via ? [signer.onBehalfOf.via, 'u.b.'] : []),
    `${acting}${signer.position},`,
  ].flatMap((t) => wrap(l.body, t));
  return {
    heading,
    name: wrap(l.bold, signer.name),
    footer: [...(signer.rank ? [signer.rank] : []), ...(signer.nip ? [`NIP. ${formatNip(signer.nip)}`] : [])].flatMap((t) => wrap(l.body, t)),
  };
}

/**
 * One block in the right column, or pairs side by side for co-signed letters
 * (a lone last signer centred). A row is kept on one page, and within a row
 * the QR codes and the names line up whatever the length of each jabatan.
 */
function signatures(ctx: BlockContext): void {
  const l = ctx.layout;
  const signers = ctx.input.signers;
  const half = { width: l.rightColumnX - l.left - COLUMN_GUTTER };
  const columns =
    signers.length === 1
      ? [{ x: l.rightColumnX, width: l.right - l.rightColumnX }]
      : [
          { x: l.left, width: half.width },
          { x: l.rightColumnX, width: l.right - l.rightColumnX },
        ];
  const centred = { x: l.left + (l.width - half.width) / 2, width: half.width };
  for (let i = 0; i < signers.length; i += columns.length) {
    const group = signers.slice(i, i + columns.length);
    const placed = group.length < columns.length ? [centred] : columns;
    const row = group.map((s, j) => ({ lines: signerLines(l, s, placed[j].width), column: placed[j] }));
    const headingHeight = Math.max(...row.map((r) => r.lines.heading.length)) * l.lineGap;
    const tailHeight = Math.max(...row.map((r) => r.lines.name.length + r.lines.footer.length)) * l.lineGap;
    const height = headingHeight + SIGNATURE_SPACE + tailHeight;
    l.ensure(height + l.lineGap);
    const top = l.y;
    for (const { lines, column } of row) {
      l.y = top;
      signerBlock(ctx, lines, column.x, column.width, top - headingHeight);
    }
    l.y = top - height - l.lineGap;
  }
}

function signerBlock(ctx: BlockContext, lines: SignerLines, x: number, width: number, slotTop: number): void {
  const l = ctx.layout;
  for (const text of lines.heading) l.line(l.body, text, x);
  ctx.signatureSlots.push({ pageIndex: l.pages.length - 1, x, y: slotTop - SIGNATURE_SPACE, width, height: SIGNATURE_SPACE });
  if (ctx.qrUrl) l.page.fillRects(qrCodeRects(ctx.qrUrl, x, slotTop - (SIGNATURE_SPACE + QR_SIZE) / 2, QR_SIZE));
  l.y = slotTop - SIGNATURE_SPACE;
  for (const text of lines.name) l.line(l.bold, text, x);
  for (const text of lines.footer) l.line(l.body, text, x);
}

function carbonCopies(l: LetterLayout, label: string, items: string[]): void {
  if (items.length === 0) return;
  l.ensure(2 * l.lineGap);
  l.line(l.body, label, l.left);
  // A single recipient is not numbered.
  if (items.length === 1) return l.wrappedLines(l.body, items[0], l.left, l.width);
  items.forEach((item, i) => listItem(l, `${i + 1}.`, item, l.left));
}
