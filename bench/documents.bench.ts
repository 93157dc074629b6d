import { KeyObject, createHash, randomBytes, sign } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import { LetterRenderInput, RenderOptions } from '../src/documents/pdf/letter-render.types';
import { renderLetter } from '../src/documents/pdf/letter-renderer';
import { loadTemplates } from '../src/documents/pdf/letter-template.loader';
import { PdfReader } from '../src/documents/pdf/syntax/pdf-reader';
import { createDeploymentCa, issueSigningCertificate } from '../src/documents/signing/local-ca';
import { LocalCaSigner } from '../src/documents/signing/local-ca.signer';
import { BenchResult, percentile, round } from './bench-result';

/**
 * Rendering and signing letters: a 2-page letter end to end, the signature step
 * alone, and a 100-page document, each beside Node's raw crypto cost for the
 * same bytes (SHA-256 of the file + one RSA-2048 signature).
 */
export async function runDocumentsBench(quick: boolean): Promise<BenchResult[]> {
  const iterations = quick ? 40 : 300;
  const templates = await loadTemplates(templatesDir());
  const options: RenderOptions = {
    templates,
    mode: 'final',
    publicUrl: 'https://surat.pekalongankota.go.id',
    certificateIssuer: 'Balai Sertifikasi Elektronik (BSrE), Badan Siber dan Sandi Negara',
  };
  const ca = await createDeploymentCa({ commonName: 'e-Surat Bench CA', organization: 'Pemerintah Kota Pekalongan' });
  const official = await issueSigningCertificate(ca, { name: 'Budi Santoso', nip: '198001012005011001', organization: 'Pemerintah Kota Pekalongan' });
  const signer = LocalCaSigner.fromKey(official.privateKey, official.certificatePem, [ca.certificatePem]);

  const twoPage = benchLetter(9);
  const rendered = await renderLetter(twoPage, options);
  const signedOnce = await signer.sign(rendered, {});
  const rawTwoPage = await measure(iterations, async () => rawCrypto(signedOnce, official.privateKey));

  const render = await measure(iterations, () => renderLetter(twoPage, options));
  const renderSign = await measure(iterations, async () => signer.sign(await renderLetter(twoPage, options), {}));
  const signStep = await measure(iterations, () => signer.sign(rendered, {}));

  const hundredPages = await scannedDocument(100);
  const signedHundred = await signer.sign(hundredPages, {});
  const rawHundred = await measure(Math.ceil(iterations / 4), async () => rawCrypto(signedHundred, official.privateKey));
  const memory = await signingMemory(() => signer.sign(hundredPages, {}));
  const signHundred = await measure(Math.ceil(iterations / 4), () => signer.sign(hundredPages, {}));

  const raw = { name: 'node_sha256_plus_rsa2048_sign', value: round(rawTwoPage.p50, 3) };
  return [
    {
      name: 'documents.render_sign',
      value: round(renderSign.p50, 2),
      unit: 'ms',
      baseline: raw,
      ratio: round(renderSign.p50 / rawTwoPage.p50, 1),
      p50_ms: round(renderSign.p50, 2),
      p99_ms: round(renderSign.p99, 2),
      extra: { letters_per_second: round(1000 / renderSign.p50, 1), pages: pageCount(rendered), pdf_bytes: signedOnce.length, target_ms: 25 },
    },
    { name: 'documents.render', value: round(render.p50, 2), unit: 'ms', p50_ms: round(render.p50, 2), p99_ms: round(render.p99, 2) },
    {
      name: 'documents.sign_step',
      value: round(signStep.p50, 3),
      unit: 'ms',
      baseline: raw,
      ratio: round(signStep.p50 / rawTwoPage.p50, 2),
      p50_ms: round(signStep.p50, 3),
      p99_ms: round(signStep.p99, 3),
      extra: { target_ratio: 5 },
    },
    {
      name: 'documents.sign_100_pages',
      value: round(signHundred.p50, 2),
      unit: 'ms',
      baseline: { name: 'node_sha256_plus_rsa2048_sign', value: round(rawHundred.p50, 3) },
      ratio: round(signHundred.p50 / rawHundred.p50, 2),
      p50_ms: round(signHundred.p50, 2),
      p99_ms: round(signHundred.p99, 2),
      extra: { pages: pageCount(hundredPages), pdf_bytes: hundredPages.length, ...memory },
    },
  ];
}

/**
 * A 100-page attachment as scanners produce it: one ~100 KB image per page
 * (incompressible noise, so the file really is ~10 MB to hash).
 */
async function scannedDocument(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const side = 320;
  for (let i = 0; i < pages; i++) {
    const image = doc.context.register(
      doc.context.stream(randomBytes(side * side), { Type: 'XObject', Subtype: 'Image', Width: side, Height: side, ColorSpace: 'DeviceGray', BitsPerComponent: 8 }),
    );
    const page = doc.addPage([595, 842]);
    const name = page.node.newXObject('Scan', image);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(535, 0, 0, 782, 30, 30), drawObject(name), popGraphicsState());
  }
  return doc.save({ useObjectStreams: false, objectsPerTick: Infinity });
}

function pageCount(pdf: Uint8Array): number {
  return PdfReader.open(pdf).pageRefs().length;
}

/** What signing costs at the very least: hash the file, sign one small structure. */
function rawCrypto(pdf: Uint8Array, key: KeyObject): void {
  const digest = createHash('sha256').update(pdf).digest();
  sign('sha256', Buffer.concat([digest, Buffer.alloc(160)]), key);
}

export async function measure(iterations: number, work: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < Math.min(10, iterations); i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = process.hrtime.bigint();
    await work();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** Memory one signature of a large file costs: heap and buffer growth, and any rise of the peak RSS. */
async function signingMemory(work: () => Promise<Uint8Array>): Promise<Record<string, number>> {
  const before = process.memoryUsage();
  const peakBefore = process.resourceUsage().maxRSS;
  const result = await work();
  const after = process.memoryUsage();
  const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
  return {
    heap_plus_buffers_delta_mb: mb(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers),
    peak_rss_rise_mb: mb((process.resourceUsage().maxRSS - peakBefore) * 1024),
    output_mb: mb(result.length),
  };
}

/** Templates sit at the repository root; the bench runs from bench/ (ts) or dist/bench/ (built). */
export function templatesDir(): string {
  const candidates = [join(__dirname, '..', 'templates'), join(__dirname, '..', '..', 'templates')];
  return candidates.find((dir) => existsSync(join(dir, 'surat-dinas.yaml'))) ?? candidates[0];
}

export function benchLetter(extraParagraphs: number): LetterRenderInput {
  const paragraph =
    'Sehubungan dengan hal tersebut, setiap perangkat daerah diminta menyiapkan data dukung berupa dokumen kebijakan, ' +
    'laporan pelaksanaan, dan bukti penerapan layanan digital yang telah berjalan selama tahun anggaran berjalan.';
  return {
    letterType: 'surat-undangan',
    letterhead: {
      governmentName: 'PEMERINTAH KOTA PEKALONGAN',
      unitName: 'DINAS KOMUNIKASI DAN INFORMATIKA',
      addressLines: ['Jalan Sriwijaya Nomor 44, Pekalongan, Jawa Tengah 51111'],
      phone: '(0285) 421444',
      website: 'diskominfo.pekalongankota.go.id',
    },
    number: '000.8.3.3/15/Diskominfo/2026',
    date: '2026-11-22',
    place: 'Pekalongan',
    securityClass: 'Biasa',
    attachments: '1 (satu) berkas',
    subject: 'Undangan Rapat Koordinasi Sistem Pemerintahan Berbasis Elektronik Tahun 2026',
    addressees: ['Kepala Perangkat Daerah di Lingkungan Pemerintah Kota Pekalongan'],
    paragraphs: ['Bersama ini kami mengundang Bapak/Ibu untuk hadir pada rapat koordinasi yang akan dilaksanakan pada:', ...Array(extraParagraphs).fill(paragraph)],
    eventDetails: [
      { label: 'Hari/Tanggal', value: 'Senin, 23 November 2026' },
      { label: 'Pukul', value: '09.00 WIB s.d. selesai' },
      { label: 'Tempat', value: 'Ruang Rapat Lantai 2' },
    ],
    closing: ['Atas perhatiannya diucapkan terima kasih.'],
    signers: [{ position: 'Kepala Dinas Komunikasi dan Informatika', name: 'Budi Santoso', nip: '198001012005011001' }],
    carbonCopies: ['Wali Kota Pekalongan (sebagai laporan)'],
    verificationCode: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  };
}
