import { PDFDocument } from 'pdf-lib';
import { DocumentError, DocumentErrorCode } from '../documents.errors';
import { PdfName } from './syntax/pdf-objects';
import { PdfReader } from './syntax/pdf-reader';

export interface PdfInspection {
  sizeBytes: number;
  /** From the header, e.g. "1.7". */
  pdfVersion: string;
  pageCount: number;
  /** Incremental updates after the original (each signature adds one). */
  revisionCount: number;
  signatureFieldCount: number;
}

export interface InspectOptions {
  maxBytes: number;
}

const EOF_WINDOW = 1024;

/**
 * Checks an uploaded file before it is stored: not empty, within the size
 * limit, a PDF by its header, complete (%%EOF and a readable cross-reference
 * chain), not encrypted, and loadable by pdf-lib. Throws DocumentError.
 */
export async function inspectPdf(bytes: Uint8Array, options: InspectOptions): Promise<PdfInspection> {
  if (bytes.length === 0) throw new DocumentError(DocumentErrorCode.PDF_EMPTY, 'The file is empty');
  if (bytes.length > options.maxBytes) {
    throw new DocumentError(DocumentErrorCode.PDF_TOO_LARGE, `The file is larger than ${options.maxBytes} bytes`, {
      sizeBytes: bytes.length,
      maxBytes: options.maxBytes,
    });
  }
  const header = /^%PDF-(\d\.\d)/.exec(Buffer.from(bytes.subarray(0, 16)).toString('latin1'));
  if (!header) throw new DocumentError(DocumentErrorCode.NOT_A_PDF, 'The file is not a PDF');
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - EOF_WINDOW)));
  if (!tail.includes('%%EOF')) throw truncated('it has no end-of-file marker');

  const reader = openReader(bytes);
  if (reader.isEncrypted) throw new DocumentError(DocumentErrorCode.PDF_ENCRYPTED, 'Encrypted PDFs are not accepted');
  const pageCount = countPages(reader);
  await loadWithPdfLib(bytes);
  if (pageCount === 0) throw new DocumentError(DocumentErrorCode.PDF_EMPTY, 'The PDF has no pages');
  return {
    sizeBytes: bytes.length,
    pdfVersion: header[1],
    pageCount,
    revisionCount: reader.sections.length,
    signatureFieldCount: countSignatureFields(reader),
  };
}

function truncated(reason: string, cause?: unknown): DocumentError {
  return new DocumentError(DocumentErrorCode.PDF_TRUNCATED, `The PDF is truncated or damaged: ${reason}`, {
    reason: cause instanceof Error ? cause.message : reason,
  });
}

function openReader(bytes: Uint8Array): PdfReader {
  try {
    return PdfReader.open(bytes);
  } catch (e) {
    throw truncated('its cross-reference table cannot be read', e);
  }
}

function countPages(reader: PdfReader): number {
  try {
    return reader.pageRefs().length;
  } catch (e) {
    throw truncated('its page tree cannot be read', e);
  }
}

/** A second, independent parser: what it cannot load, the rest of the system cannot process. */
async function loadWithPdfLib(bytes: Uint8Array): Promise<void> {
  try {
    await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
  } catch (e) {
    throw truncated('its objects cannot be parsed', e);
  }
}

function countSignatureFields(reader: PdfReader): number {
  const form = reader.dict(reader.catalog().get('AcroForm'));
  const fields = reader.resolve(form?.get('Fields'));
  if (!Array.isArray(fields)) return 0;
  return fields.filter((f) => {
    const ft = reader.dict(f)?.get('FT');
    return ft instanceof PdfName && ft.value === 'Sig';
  }).length;
}
