import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { hocrConfidences, ocrCommand, ocrEnv, pageConfidences, runTool } from '../src/archive/ocr/ocr-tools';
import { BenchResult, percentile, round } from './bench-result';

const PARAGRAPH = [
  'Sehubungan dengan surat Saudara nomor 005/120/Dinkes/2026 perihal permohonan izin',
  'penggunaan gedung serbaguna, dengan ini kami sampaikan bahwa pada prinsipnya kami',
  'tidak berkeberatan atas permohonan tersebut dengan ketentuan sebagai berikut:',
  '1. Kegiatan dilaksanakan pada hari kerja pukul 08.00 sampai dengan 15.00 WIB;',
  '2. Pemohon menjaga kebersihan, ketertiban dan keamanan selama kegiatan berlangsung;',
  '3. Segala kerusakan yang timbul menjadi tanggung jawab pemohon sepenuhnya.',
  'Demikian untuk menjadi perhatian dan atas kerja samanya diucapkan terima kasih.',
];

/** A full A4 page of an Indonesian letter, as text (page `n` differs from the others by its number and order). */
async function letterPage(n: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([595, 842]);
  page.drawText('PEMERINTAH KOTA PEKALONGAN', { x: 150, y: 780, size: 16, font: bold });
  page.drawText(`Nomor: 000.8.3.3/${100 + n}/Diskominfo/2026`, { x: 60, y: 730, size: 11, font });
  let y = 700;
  for (let i = 0; i < 3; i++) {
    for (const line of [...PARAGRAPH.slice(n % 3), ...PARAGRAPH.slice(0, n % 3)]) {
      page.drawText(line, { x: 60, y, size: 11, font });
      y -= 18;
    }
    y -= 12;
  }
  return Buffer.from(await doc.save());
}

async function must(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const r = await runTool(command, args, { timeoutMs: 600_000, env });
  if (r.code !== 0) throw new Error(`${command} failed (${r.code}): ${r.stderr.slice(-300)}`);
  return (performance.now() - started) / 1000;
}

/** GNU time, when installed: CPU seconds of a command's whole process tree (steadier than wall time on a shared machine). */
const GNU_TIME = '/usr/bin/time';

/** Wall seconds, and CPU seconds (user + system, all child processes) when GNU time is there. */
async function timed(dir: string, command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ wall: number; cpu: number | null }> {
  if (!existsSync(GNU_TIME)) return { wall: await must(command, args, env), cpu: null };
  const report = join(dir, 'time.txt');
  const wall = await must(GNU_TIME, ['-f', '%U %S', '-o', report, command, ...args], env);
  const [user, system] = (await readFile(report, 'utf8')).trim().split(/\s+/).slice(-2).map(Number);
  return { wall, cpu: user + system };
}

/**
 * OCR cost per page: the job's exact command (ocrmypdf -l ind into a PDF/A with the sidecar
 * and hOCR, one core, OMP_THREAD_LIMIT=1) on an image-only scan of one A4 letter page, beside
 * bare tesseract (same thread limit, same language) on the same page's image at the same
 * 150 dpi: the ratio is what rasterising, the PDF/A conversion and the sidecar add. With GNU
 * time installed, the CPU seconds of both (whole process trees) and their ratio too.
 */
export async function runOcrBench(quick: boolean): Promise<BenchResult[]> {
  const pages = quick ? 3 : 9;
  const dir = await mkdtemp(join(tmpdir(), 'esurat-ocr-bench-'));
  try {
    const ocrSeconds: number[] = [];
    const tesseractSeconds: number[] = [];
    const ocrConfidence: number[] = [];
    const bareConfidence: number[] = [];
    const ocrCpu: number[] = [];
    const tesseractCpu: number[] = [];
    for (let n = 0; n < pages; n++) {
      const text = join(dir, `text-${n}.pdf`);
      const scan = join(dir, `scan-${n}.pdf`);
      await writeFile(text, await letterPage(n));
      await must('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=pdfimage24', '-r150', `-sOutputFile=${scan}`, text]);
      // The baseline's input: the scan's page image at its own 150 dpi (not timed).
      await must('pdftoppm', ['-r', '150', '-png', '-singlefile', scan, join(dir, `page-${n}`)]);

      const work = await mkdtemp(join(dir, `job-${n}-`));
      const { command, args } = ocrCommand(scan, join(work, 'out.pdf'), join(work, 'sidecar.txt'), { pageTimeoutSeconds: 120, outputType: 'pdfa' });
      const ocr = await timed(work, command, args, ocrEnv(work));
      ocrSeconds.push(ocr.wall);
      if (ocr.cpu !== null) ocrCpu.push(ocr.cpu);
      const [page] = await pageConfidences(work);
      if (page?.meanConfidence != null) ocrConfidence.push(page.meanConfidence);

      const bare = await timed(dir, 'tesseract', [join(dir, `page-${n}.png`), join(dir, `bare-${n}`), '-l', 'ind', 'hocr'], { ...process.env, OMP_THREAD_LIMIT: '1' });
      tesseractSeconds.push(bare.wall);
      if (bare.cpu !== null) tesseractCpu.push(bare.cpu);
      const words = hocrConfidences(await readFile(join(dir, `bare-${n}.hocr`), 'utf8'));
      bareConfidence.push(words.reduce((a, b) => a + b, 0) / Math.max(1, words.length));
    }
    const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
    const value = round(median(ocrSeconds), 3);
    const baseline = round(median(tesseractSeconds), 3);
    return [
      {
        name: 'archive.ocr_seconds_per_page',
        value,
        unit: 's/page',
        baseline: { name: 'bare tesseract -l ind on the same page image (OMP_THREAD_LIMIT=1)', value: baseline },
        ratio: round(value / baseline, 2),
        extra: {
          pages,
          max_s: round(Math.max(...ocrSeconds), 3),
          mean_confidence: round(median(ocrConfidence), 1),
          baseline_mean_confidence: round(median(bareConfidence), 1),
          ...(ocrCpu.length && tesseractCpu.length
            ? { cpu_s: round(median(ocrCpu), 3), baseline_cpu_s: round(median(tesseractCpu), 3), cpu_ratio: round(median(ocrCpu) / median(tesseractCpu), 2) }
            : {}),
        },
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
