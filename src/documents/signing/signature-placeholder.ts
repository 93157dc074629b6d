import { createHash } from 'node:crypto';
import { DocumentError, DocumentErrorCode } from '../documents.errors';
import { CompressedImage } from '../pdf/png-image';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, PdfValue } from '../pdf/syntax/pdf-objects';
import { PdfReader } from '../pdf/syntax/pdf-reader';
import { formatNumber, serializeValue } from '../pdf/syntax/pdf-serializer';
import { IncrementalUpdateWriter } from './incremental-update.writer';

export interface PlaceholderOptions {
  /** 0-based page the widget annotation is attached to. */
  pageIndex: number;
  /** Widget rectangle [x1 y1 x2 y2]; absent for an invisible signature. */
  rect?: [number, number, number, number];
  image?: CompressedImage;
  signingTime: Date;
  signerName?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** Bytes reserved for the DER-encoded CMS. */
  contentsCapacity: number;
  /**
   * A document timestamp (ISO 32000-2 §12.8.5, PAdES B-LTA): /Type /DocTimeStamp, /SubFilter
   * /ETSI.RFC3161, /Contents a bare TimeStampToken; no /M, name or reason of a signer.
   */
  documentTimestamp?: boolean;
}

export interface PreparedSignature {
  bytes: Buffer;
  byteRange: [number, number, number, number];
  /** Offset of the first hex digit inside /Contents <...>. */
  contentsHexStart: number;
  contentsHexLength: number;
}

const BYTE_RANGE_SLOT = '[0 0000000000 0000000000 0000000000]';
/** Print + Locked: the widget prints and cannot be moved or deleted in a viewer. */
const WIDGET_FLAGS = 132;

/**
 * Appends the signature dictionary with a zero-filled /Contents placeholder, a
 * signature field/widget on the page and the AcroForm entry (SigFlags 3), as one
 * incremental update, and fixes the /ByteRange around the placeholder.
 */
export function prepareSignature(pdf: Uint8Array, options: PlaceholderOptions): PreparedSignature {
  const reader = openForSigning(pdf);
  const pageRef = reader.pageRefAt(options.pageIndex);
  const page = pageRef ? reader.dict(pageRef) : undefined;
  if (!pageRef || !page) {
    throw new DocumentError(DocumentErrorCode.SIGNATURE_PAGE_INVALID, `The document has no page ${options.pageIndex + 1}`);
  }
  const writer = new IncrementalUpdateWriter(pdf, reader);
  const sigRef = writer.allocate();
  const widgetRef = writer.allocate();

  const sigBody = signatureDictionary(options);
  writer.put(sigRef, Buffer.from(sigBody, 'latin1'));
  writer.put(widgetRef, widget(reader, writer, options, sigRef, pageRef));
  attachToPage(reader, writer, pageRef, page, widgetRef);
  attachToForm(reader, writer, widgetRef);

  const written = writer.write();
  const sigStart = written.bodyOffsets.get(sigRef.num)!;
  const open = sigStart + sigBody.indexOf('/Contents <') + '/Contents '.length;
  const close = open + 1 + options.contentsCapacity * 2;
  const byteRange: PreparedSignature['byteRange'] = [0, open, close + 1, written.bytes.length - close - 1];
  writeByteRange(written.bytes, sigStart + sigBody.indexOf(BYTE_RANGE_SLOT), byteRange);
  return { bytes: written.bytes, byteRange, contentsHexStart: open + 1, contentsHexLength: options.contentsCapacity * 2 };
}

/** SHA-256 of the two signed ranges, hashed in place without copying the file. */
export function digestSignedRanges(prepared: PreparedSignature): Buffer {
  const [a, b, c, d] = prepared.byteRange;
  return createHash('sha256')
    .update(prepared.bytes.subarray(a, a + b))
    .update(prepared.bytes.subarray(c, c + d))
    .digest();
}

export function insertSignature(prepared: PreparedSignature, cms: Buffer): Buffer {
  const hex = cms.toString('hex');
  if (hex.length > prepared.contentsHexLength) {
    throw new DocumentError(DocumentErrorCode.SIGNATURE_INVALID, 'The signature is larger than the space reserved for it');
  }
  prepared.bytes.write(hex, prepared.contentsHexStart, 'latin1');
  return prepared.bytes;
}

function openForSigning(pdf: Uint8Array): PdfReader {
  let reader: PdfReader;
  try {
    reader = PdfReader.open(pdf);
  } catch (e) {
    throw new DocumentError(DocumentErrorCode.PDF_TRUNCATED, 'The PDF structure cannot be read for signing', {
      reason: (e as Error).message,
    });
  }
  if (reader.isEncrypted) throw new DocumentError(DocumentErrorCode.PDF_ENCRYPTED, 'An encrypted PDF cannot be signed');
  return reader;
}

function signatureDictionary(o: PlaceholderOptions): string {
  const text = (key: string, value?: string) => (value ? `/${key} ${serializeValue(PdfString.fromText(value))}` : '');
  if (o.documentTimestamp) {
    return (
      '<</Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161' +
      `/ByteRange ${BYTE_RANGE_SLOT}` +
      `/Contents <${'0'.repeat(o.contentsCapacity * 2)}>` +
      '>>'
    );
  }
  return (
    '<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached' +
    `/ByteRange ${BYTE_RANGE_SLOT}` +
    `/Contents <${'0'.repeat(o.contentsCapacity * 2)}>` +
    `/M ${serializeValue(PdfString.fromText(pdfDate(o.signingTime)))}` +
    text('Name', o.signerName) +
    text('Reason', o.reason) +
    text('Location', o.location) +
    text('ContactInfo', o.contactInfo) +
    '>>'
  );
}

function writeByteRange(bytes: Buffer, slotStart: number, range: number[]): void {
  const text = `[${range.join(' ')}`;
  if (text.length + 1 > BYTE_RANGE_SLOT.length) throw new Error('byte range does not fit its slot');
  bytes.write(text.padEnd(BYTE_RANGE_SLOT.length - 1, ' ') + ']', slotStart, 'latin1');
}

/** D:YYYYMMDDHHmmSSZ in UTC. */
function pdfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

function widget(
  reader: PdfReader,
  writer: IncrementalUpdateWriter,
  o: PlaceholderOptions,
  sigRef: PdfRef,
  pageRef: PdfRef,
): PdfDict {
  const rect = o.rect ?? [0, 0, 0, 0];
  const dict = new PdfDict()
    .set('Type', new PdfName('Annot'))
    .set('Subtype', new PdfName('Widget'))
    .set('FT', new PdfName('Sig'))
    .set('T', PdfString.fromText(uniqueFieldName(reader)))
    .set('V', sigRef)
    .set('F', WIDGET_FLAGS)
    .set('P', pageRef)
    .set('Rect', rect);
  if (o.rect) dict.set('AP', new PdfDict().set('N', appearanceStream(writer, o.rect, o.image)));
  return dict;
}

/** The widget's normal appearance: the specimen image scaled to the box, or nothing. */
function appearanceStream(writer: IncrementalUpdateWriter, rect: number[], image?: CompressedImage): PdfRef {
  const width = rect[2] - rect[0];
  const height = rect[3] - rect[1];
  const form = new PdfDict()
    .set('Type', new PdfName('XObject'))
    .set('Subtype', new PdfName('Form'))
    .set('BBox', [0, 0, width, height]);
  let content = '';
  if (image) {
    const imageRef = putImage(writer, image);
    form.set('Resources', new PdfDict().set('XObject', new PdfDict().set('Im0', imageRef)));
    // Fit the specimen inside the box, centred, keeping its proportions.
    const scale = Math.min(width / image.width, height / image.height);
    const [w, h] = [image.width * scale, image.height * scale];
    content = `q ${formatNumber(w)} 0 0 ${formatNumber(h)} ${formatNumber((width - w) / 2)} ${formatNumber((height - h) / 2)} cm /Im0 Do Q`;
  }
  const ref = writer.allocate();
  writer.put(ref, new PdfStream(form, Buffer.from(content, 'latin1')));
  return ref;
}

function putImage(writer: IncrementalUpdateWriter, image: CompressedImage): PdfRef {
  const dict = new PdfDict()
    .set('Type', new PdfName('XObject'))
    .set('Subtype', new PdfName('Image'))
    .set('Width', image.width)
    .set('Height', image.height)
    .set('BitsPerComponent', image.bitsPerComponent)
    .set('ColorSpace', new PdfName(image.colorSpace))
    .set('Filter', new PdfName('FlateDecode'));
  if (image.mask) dict.set('SMask', putImage(writer, image.mask));
  const ref = writer.allocate();
  writer.put(ref, new PdfStream(dict, image.data));
  return ref;
}

function attachToPage(reader: PdfReader, writer: IncrementalUpdateWriter, pageRef: PdfRef, page: PdfDict, widgetRef: PdfRef): void {
  const annots = page.get('Annots');
  if (annots instanceof PdfRef) {
    writer.put(annots, [...arrayOf(reader.resolve(annots)), widgetRef]);
  } else {
    writer.put(pageRef, page.clone().set('Annots', [...arrayOf(annots), widgetRef]));
  }
}

function attachToForm(reader: PdfReader, writer: IncrementalUpdateWriter, widgetRef: PdfRef): void {
  const catalog = reader.catalog();
  const form = catalog.get('AcroForm');
  if (form instanceof PdfRef) {
    writer.put(form, withField(reader, writer, (reader.dict(form) ?? new PdfDict()).clone(), widgetRef));
    return;
  }
  const inline = form instanceof PdfDict ? form.clone() : new PdfDict();
  writer.put(reader.rootRef(), catalog.clone().set('AcroForm', withField(reader, writer, inline, widgetRef)));
}

function withField(reader: PdfReader, writer: IncrementalUpdateWriter, form: PdfDict, widgetRef: PdfRef): PdfDict {
  const fields = form.get('Fields');
  if (fields instanceof PdfRef) writer.put(fields, [...arrayOf(reader.resolve(fields)), widgetRef]);
  else form.set('Fields', [...arrayOf(fields), widgetRef]);
  return form.set('SigFlags', 3);
}

function uniqueFieldName(reader: PdfReader): string {
  const form = reader.dict(reader.catalog().get('AcroForm'));
  const names = new Set(
    arrayOf(reader.resolve(form?.get('Fields')))
      .map((f) => reader.dict(f)?.get('T'))
      .filter((t): t is PdfString => t instanceof PdfString)
      .map((t) => t.text()),
  );
  let n = 1;
  while (names.has(`Signature${n}`)) n++;
  return `Signature${n}`;
}

function arrayOf(v: PdfValue | undefined): PdfValue[] {
  return Array.isArray(v) ? v : [];
}
