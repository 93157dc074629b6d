import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';

/** Lines of an incoming letter, large enough for a 150 dpi scan to read well. */
export const SCAN_LINES = ['PEMERINTAH KOTA PEKALONGAN', 'Perihal: Permohonan izin penggunaan gedung', 'Dengan hormat, kami mengajukan permohonan', 'untuk penggunaan aula kantor kecamatan.'];

/** A one-page A4 PDF with real text (a text layer). */
export async function textPdf(lines = SCAN_LINES): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  lines.forEach((line, i) => page.drawText(line, { x: 60, y: 760 - i * 30, size: 16, font }));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** Runs a tool on `input` in a scratch directory and returns the bytes it wrote to `out.pdf`. */
function throughTool(input: Buffer, command: string, args: (inFile: string, outFile: string) => string[]): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'esurat-scan-'));
  try {
    const inFile = join(dir, 'in.pdf');
    const outFile = join(dir, 'out.pdf');
    writeFileSync(inFile, input);
    execFileSync(command, args(inFile, outFile), { stdio: 'ignore' });
    return readFileSync(outFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An image-only scan: the text PDF rasterised by ghostscript at 150 dpi (no text layer). */
export async function imageOnlyScan(lines = SCAN_LINES): Promise<Buffer> {
  return throughTool(await textPdf(lines), 'gs', (i, o) => ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=pdfimage24', '-r150', `-sOutputFile=${o}`, i]);
}

/** The text layer of a PDF as pdftotext reads it. */
export function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'esurat-text-'));
  try {
    writeFileSync(join(dir, 'f.pdf'), bytes);
    return execFileSync('pdftotext', [join(dir, 'f.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A scan that passes the upload checks (header, cross-references, pdf-lib loads it) but whose
 * page content is damaged (garbage Flate data): what a broken scanner driver writes.
 */
export async function corruptScan(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const garbage = Buffer.alloc(4000);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(garbage, { Filter: 'FlateDecode' })));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

