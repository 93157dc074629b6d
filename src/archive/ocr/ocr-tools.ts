import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A failure of the file itself (damaged, too big, too long): final, never retried. */
export class OcrFileError extends Error {}

export interface ToolResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
}

const STDERR_KEEP = 8 * 1024;

/**
 * Runs a tool without a shell, its output capped (stdout at `maxStdout` bytes, the rest
 * dropped; stderr's last few KiB), killed after `timeoutMs`.
 */
export function runTool(
  command: string,
  args: string[],
  options: { timeoutMs: number; maxStdout?: number; env?: NodeJS.ProcessEnv; cwd?: string },
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let timedOut = false;
    const max = options.maxStdout ?? 1024 * 1024;
    child.stdout.on('data', (chunk: Buffer) => {
      if (outBytes >= max) return;
      out.push(chunk.subarray(0, max - outBytes));
      outBytes += Math.min(chunk.length, max - outBytes);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr, timedOut });
    });
  });
}

/** Cuts UTF-8 text to at most `maxBytes` bytes without splitting a character. */
export function cutUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** Text of a PDF's own text layer (pdftotext, UTF-8), at most `maxBytes`. */
export async function pdfTextLayer(file: string, maxBytes: number, timeoutMs = 60_000): Promise<string> {
  const r = await runTool('pdftotext', ['-enc', 'UTF-8', file, '-'], { timeoutMs, maxStdout: maxBytes + 4 });
  if (r.timedOut) throw new OcrFileError('reading the text layer took too long');
  if (r.code !== 0) throw new OcrFileError(`the PDF cannot be read (pdftotext: ${lastLine(r.stderr)})`);
  return cutUtf8(r.stdout.toString('utf8'), maxBytes);
}

/** Each page's size in millimetres (pdfinfo). */
export async function pdfPageSizesMm(file: string, pages: number): Promise<{ page: number; widthMm: number; heightMm: number }[]> {
  const r = await runTool('pdfinfo', ['-f', '1', '-l', String(pages), file], { timeoutMs: 30_000 });
  if (r.code !== 0) throw new OcrFileError(`the PDF cannot be read (pdfinfo: ${lastLine(r.stderr)})`);
  const sizes: { page: number; widthMm: number; heightMm: number }[] = [];
  for (const m of r.stdout.toString('latin1').matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm)) {
    sizes.push({ page: Number(m[1]), widthMm: (Number(m[2]) * 25.4) / 72, heightMm: (Number(m[3]) * 25.4) / 72 });
  }
  return sizes;
}

/** Characters other than white space: a "text layer" with none is no text layer. */
export const visibleChars = (text: string): number => text.replace(/\s+/g, '').length;

export interface OcrOptions {
  pageTimeoutSeconds: number;
  /** 'pdfa': a searchable PDF/A-2b is written; 'none': only the text (a signed PDF is never rewritten). */
  outputType: 'pdfa' | 'none';
}

/**
 * The one OCR command of the system (the job runs it; the benchmark times it): Indonesian,
 * the text from the sidecar (pdftotext of the OCR layer scrambles tilted lines), the hOCR
 * renderer with its temporary files kept in our own directory so each page's word
 * confidences can be read, one core, and a per-page tesseract timeout. Tesseract runs once
 * per page and writes the hOCR and the sidecar's text together.
 *
 * `--optimize 0`: ocrmypdf's default optimisation pass (level 1) decodes every image of the
 * finished PDF/A to look for a smaller encoding, a tenth of a one-page run, and on a scan it
 * finds nothing to gain (ghostscript's PDF/A already keeps the images losslessly); the PDF/A
 * stays a PDF/A-2b either way. `--fast-web-view 999999`: no linearisation pass (qpdf rewrites
 * outputs over 1 MB otherwise); the PDF/A is downloaded whole, never read by byte ranges.
 */
export function ocrCommand(input: string, output: string, sidecar: string, options: OcrOptions): { command: string; args: string[] } {
  return {
    command: 'ocrmypdf',
    args: [
      '-l', 'ind',
      '--sidecar', sidecar,
      '--output-type', options.outputType,
      '--pdf-renderer', 'hocr',
      '--tesseract-timeout', String(options.pageTimeoutSeconds),
      '--jobs', '1',
      '--optimize', '0',
      '--fast-web-view', '999999',
      '--keep-temporary-files',
      '--quiet',
      input,
      options.outputType === 'none' ? '-' : output,
    ],
  };
}

/** Environment of an OCR run: tesseract on one thread, temporary files under `workDir`. */
export const ocrEnv = (workDir: string): NodeJS.ProcessEnv => ({ ...process.env, OMP_THREAD_LIMIT: '1', TMPDIR: workDir });

export interface PageConfidence {
  page: number;
  words: number;
  /** Mean of the words' x_wconf (0-100); null on a page without words. */
  meanConfidence: number | null;
}

/** The words' confidences of one hOCR page (tesseract's `x_wconf`). */
export function hocrConfidences(hocr: string): number[] {
  return [...hocr.matchAll(/class=['"]ocrx_word['"][^>]*?x_wconf (\d+)/g)].map((m) => Number(m[1]));
}

/** Reads the per-page hOCR files that ocrmypdf kept (`<page>_ocr_hocr.hocr`) under `workDir`. */
export async function pageConfidences(workDir: string): Promise<PageConfidence[]> {
  const pages: PageConfidence[] = [];
  for (const dir of await readdir(workDir, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const name of await readdir(join(workDir, dir.name))) {
      const m = /^(\d+)_ocr_hocr\.hocr$/.exec(name);
      if (!m) continue;
      const words = hocrConfidences(await readFile(join(workDir, dir.name, name), 'utf8'));
      pages.push({ page: Number(m[1]), words: words.length, meanConfidence: words.length ? words.reduce((a, b) => a + b, 0) / words.length : null });
    }
  }
  return pages.sort((a, b) => a.page - b.page);
}

/**
 * The scan's mean word confidence (weighted by words) and the pages below `threshold`, to be
 * checked by TU; pages without words (blank) are neither.
 */
export function flagPages(pages: PageConfidence[], threshold: number): { meanConfidence: number | null; lowConfidencePages: number[] } {
  const scored = pages.filter((p): p is PageConfidence & { meanConfidence: number } => p.meanConfidence !== null);
  const words = scored.reduce((a, p) => a + p.words, 0);
  return {
    meanConfidence: words ? scored.reduce((a, p) => a + p.meanConfidence * p.words, 0) / words : null,
    lowConfidencePages: scored.filter((p) => p.meanConfidence < threshold).map((p) => p.page),
  };
}

export function lastLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^Opened a file$/.test(l));
  return (lines[lines.length - 1] ?? 'no message').slice(0, 300);
}
