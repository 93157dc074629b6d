import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFRef } from 'pdf-lib';
import { DocumentError, DocumentErrorCode } from '../documents.errors';
import { parseLetterDate } from '../../common/time/indonesian-date';
import { BlockContext, LogoImage, renderBlock } from './letter-blocks';
import { FontWeight, cachedFontkit, letterFont } from './letter-fonts';
import { LetterLayout } from './letter-layout';
import { LetterRenderInput, RenderOptions, RenderedLetter } from './letter-render.types';
import { LetterTemplate } from './letter-template.types';
import { DocumentFont } from './page-canvas';
import { CompressedImage, compressedPng } from './png-image';
import { verificationUrl } from './qr-code';

const FOOTER_SIZE = 8;
const PAGE_NUMBER_SIZE = 9;
const WATERMARK = 'KONSEP';

/**
 * Renders a letter to PDF. A final render already carries the number, date,
 * QR code and electronic-signature footer, so signing only appends to it.
 */
export async function renderLetter(input: LetterRenderInput, options: RenderOptions): Promise<Uint8Array> {
  return (await renderLetterDocument(input, options)).pdf;
}

/** Like renderLetter, plus the page count and where each signer's block left room for a signature. */
export async function renderLetterDocument(input: LetterRenderInput, options: RenderOptions): Promise<RenderedLetter> {
  const template = options.templates.get(input.letterType);
  if (!template) throw new DocumentError(DocumentErrorCode.TEMPLATE_NOT_FOUND, `No template for letter type "${input.letterType}"`);
  checkInput(input, options);

  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(cachedFontkit);
  useNativeDeflate(doc);
  const fonts = {
    regular: await embedFont(doc, template, 'regular'),
    bold: await embedFont(doc, template, 'bold'),
  };
  const logoPng = input.letterhead.logoPng ?? template.letterhead.defaultLogoPng;
  const ctx: BlockContext = {
    layout: new LetterLayout(doc, template, fonts),
    input,
    logo: logoPng ? embedImage(doc, await compressedPng(logoPng)) : undefined,
    qrUrl: options.mode === 'final' ? verificationUrl(options.publicUrl!, input.verificationCode!) : undefined,
    signatureSlots: [],
  };
  for (const block of template.blocks) renderBlock(ctx, block);

  const layout = ctx.layout;
  layout.pages.forEach((page, i) => {
    if (options.mode === 'final') signatureFooter(layout, i, options.certificateIssuer!);
    else watermark(layout, i);
    if (layout.pages.length > 1) pageNumber(layout, i, options.mode === 'final');
    page.finish();
  });
  setMetadata(doc, input);
  // A classic cross-reference table and no object streams: every object is
  // directly addressable, which keeps signing (and verifying) cheap.
  const pdf = await doc.save({ useObjectStreams: false, objectsPerTick: Infinity, addDefaultPage: false });
  return { pdf, pageCount: layout.pages.length, signatureSlots: ctx.signatureSlots };
}

/**
 * pdf-lib deflates the embedded font subsets with pako, in JavaScript; Node's
 * zlib produces the same Flate stream several times faster.
 */
function useNativeDeflate(doc: PDFDocument): void {
  const context = doc.context;
  context.flateStream = (contents, dict = {}) =>
    context.stream(deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), { ...dict, Filter: 'FlateDecode' });
}

function checkInput(input: LetterRenderInput, options: RenderOptions): void {
  const problems: string[] = [];
  if (input.signers.length === 0) problems.push('at least one signer is required');
  if (input.date !== undefined && !parseLetterDate(input.date)) problems.push('date must be a calendar date YYYY-MM-DD');
  if (options.mode === 'final') {
    for (const key of ['number', 'date', 'verificationCode'] as const) if (!input[key]) problems.push(`${key} is required for a final render`);
    if (!options.publicUrl) problems.push('publicUrl is required for a final render');
    if (!options.certificateIssuer) problems.push('certificateIssuer is required for a final render');
  }
  if (problems.length) throw new DocumentError(DocumentErrorCode.RENDER_INPUT_INVALID, problems.join('; '), { problems });
}

async function embedFont(doc: PDFDocument, template: LetterTemplate, weight: FontWeight): Promise<DocumentFont> {
  const metrics = letterFont(template.font.family, weight);
  // ABCDEF+Name marks a subset font (ISO 32000-1 §9.6.4); viewers and pdffonts rely on it.
  const tag = Array.from(randomBytes(6), (b) => String.fromCharCode(65 + (b % 26))).join('');
  const pdf = await doc.embedFont(metrics.bytes, { subset: true, customName: `${tag}+${metrics.postscriptName}` });
  return { metrics, pdf, encoded: new Map() };
}

function embedImage(doc: PDFDocument, image: CompressedImage): LogoImage {
  return { ref: registerImage(doc, image), aspect: image.width / image.height };
}

function registerImage(doc: PDFDocument, image: CompressedImage): PDFRef {
  const mask = image.mask ? registerImage(doc, image.mask) : undefined;
  const stream = doc.context.stream(image.data, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: image.width,
    Height: image.height,
    BitsPerComponent: image.bitsPerComponent,
    ColorSpace: image.colorSpace,
    Filter: 'FlateDecode',
    ...(mask ? { SMask: mask } : {}),
  });
  return doc.context.register(stream);
}

/** "Dokumen ini telah ditandatangani secara elektronik ..." on every page of a final render. */
function signatureFooter(layout: LetterLayout, pageIndex: number, issuer: string): void {
  const style = { font: layout.body.font, size: FOOTER_SIZE };
  const text = `Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang diterbitkan oleh ${issuer}.`;
  const lines = layout.wrap(style, text, layout.width);
  const page = layout.pages[pageIndex];
  lines.forEach((line, i) => {
    const words = line.words.join(' ');
    const x = layout.left + (layout.width - layout.measure(style, words)) / 2;
    page.text(style.font, style.size, x, footerBaseline(layout) - i * FOOTER_SIZE * 1.25, words, 0.25);
  });
}

function footerBaseline(layout: LetterLayout): number {
  return layout.bottom * 0.55;
}

/** "Halaman 2 dari 3", right-aligned in the bottom margin, above the signature footer. */
function pageNumber(layout: LetterLayout, pageIndex: number, final: boolean): void {
  const style = { font: layout.body.font, size: PAGE_NUMBER_SIZE };
  const text = `Halaman ${pageIndex + 1} dari ${layout.pages.length}`;
  const y = final ? footerBaseline(layout) + FOOTER_SIZE * 1.6 : layout.bottom * 0.5;
  layout.pages[pageIndex].text(style.font, style.size, layout.right - layout.measure(style, text), y, text);
}

/** A diagonal, translucent "KONSEP" across the page: drafts must never pass for signed letters. */
function watermark(layout: LetterLayout, pageIndex: number): void {
  const style = { font: layout.bold.font, size: 110 };
  const angle = Math.atan2(layout.pageHeight, layout.pageWidth);
  const width = layout.measure(style, WATERMARK);
  const height = 0.72 * style.size;
  const [cx, cy] = [layout.pageWidth / 2, layout.pageHeight / 2];
  const x = cx - (Math.cos(angle) * width) / 2 + (Math.sin(angle) * height) / 2;
  const y = cy - (Math.sin(angle) * width) / 2 - (Math.cos(angle) * height) / 2;
  layout.pages[pageIndex].rotatedText(style.font, style.size, x, y, angle, WATERMARK, 0.5, 0.22);
}

function setMetadata(doc: PDFDocument, input: LetterRenderInput): void {
  doc.setTitle(input.subject);
  doc.setAuthor([input.letterhead.unitName, input.letterhead.governmentName].filter(Boolean).join(', '));
  doc.setSubject(input.number ?? 'Konsep');
  doc.setProducer('e-Surat Core');
  doc.setCreator('e-Surat Core');
  doc.setLanguage('id-ID');
  doc.setCreationDate(new Date());
}
