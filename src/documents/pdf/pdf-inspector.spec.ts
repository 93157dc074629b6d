import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpStatus } from '@nestjs/common';
import { PDFDocument } from 'pdf-lib';
import { DocumentError, DocumentErrorCode } from '../documents.errors';
import { PdfTools } from '../__fixtures__/pdf-tools';
import { inspectPdf } from './pdf-inspector';

const MB = 1024 * 1024;

async function pdfWithPages(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage();
  return Buffer.from(await doc.save());
}

async function rejection(bytes: Uint8Array, maxBytes = 10 * MB): Promise<DocumentError> {
  const error = await inspectPdf(bytes, { maxBytes }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DocumentError);
  return error as DocumentError;
}

describe('inspectPdf', () => {
  const tools = new PdfTools();
  afterAll(() => tools.cleanup());

  it('describes a good PDF', async () => {
    const info = await inspectPdf(await pdfWithPages(3), { maxBytes: MB });
    expect(info).toMatchObject({ pageCount: 3, pdfVersion: '1.7', revisionCount: 1, signatureFieldCount: 0 });
  });

  it('rejects an empty upload', async () => {
    expect((await rejection(new Uint8Array())).code).toBe(DocumentErrorCode.PDF_EMPTY);
  });

  it('rejects a file over the limit with 413', async () => {
    const error = await rejection(await pdfWithPages(1), 100);
    expect(error.code).toBe(DocumentErrorCode.PDF_TOO_LARGE);
    expect(error.status).toBe(HttpStatus.PAYLOAD_TOO_LARGE);
  });

  it.each([
    ['plain text', Buffer.from('Surat ini bukan PDF')],
    ['a PNG', readFileSync(join(__dirname, '..', '..', '..', 'templates', 'assets', 'default-logo.png'))],
    ['a PDF header not at the start', Buffer.from('junk%PDF-1.7\n%%EOF')],
  ])('rejects %s as not a PDF', async (_, bytes) => {
    expect((await rejection(bytes)).code).toBe(DocumentErrorCode.NOT_A_PDF);
  });

  it('rejects an encrypted PDF', async () => {
    const plain = tools.file(await pdfWithPages(1));
    const encrypted = join(tools.dir, 'encrypted.pdf');
    execFileSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', plain, encrypted]);
    expect((await rejection(readFileSync(encrypted))).code).toBe(DocumentErrorCode.PDF_ENCRYPTED);
  });

  it('rejects a truncated upload (no %%EOF)', async () => {
    const pdf = await pdfWithPages(2);
    expect((await rejection(pdf.subarray(0, Math.floor(pdf.length * 0.6)))).code).toBe(DocumentErrorCode.PDF_TRUNCATED);
  });

  it('rejects a PDF whose cross-reference table is broken', async () => {
    const pdf = (await pdfWithPages(2)).toString('latin1');
    const broken = pdf.replace(/startxref\s+\d+/, 'startxref\n17');
    const error = await rejection(Buffer.from(broken, 'latin1'));
    expect(error.code).toBe(DocumentErrorCode.PDF_TRUNCATED);
    expect(error.message).toContain('cross-reference');
  });

  it('rejects a PDF without pages', async () => {
    const doc = await PDFDocument.create();
    expect((await rejection(Buffer.from(await doc.save({ addDefaultPage: false })))).code).toBe(DocumentErrorCode.PDF_EMPTY);
  });
});
