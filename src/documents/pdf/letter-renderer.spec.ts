import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentError, DocumentErrorCode } from '../documents.errors';
import { PdfTools } from '../__fixtures__/pdf-tools';
import { BSRE_ISSUER, KEPALA_DINAS, PUBLIC_URL, SEKRETARIS_DAERAH, sampleLetter } from '../__fixtures__/sample-letters';
import { loadTemplates } from './letter-template.loader';
import { LetterTemplateSet } from './letter-template.types';
import { RenderOptions } from './letter-render.types';
import { renderLetter, renderLetterDocument } from './letter-renderer';

const TEMPLATES_DIR = join(__dirname, '..', '..', '..', 'templates');

describe('renderLetter', () => {
  const tools = new PdfTools();
  let templates: LetterTemplateSet;
  let final: RenderOptions;
  let draft: RenderOptions;

  beforeAll(async () => {
    templates = await loadTemplates(TEMPLATES_DIR);
    final = { templates, mode: 'final', publicUrl: PUBLIC_URL, certificateIssuer: BSRE_ISSUER };
    draft = { templates, mode: 'draft' };
  });
  afterAll(() => tools.cleanup());

  /** pdftotext with line breaks folded: assertions need not know where lines wrap. */
  const textOf = (pdf: Uint8Array, extra: string[] = []) => tools.pdftotext(pdf, extra).replace(/\s+/g, ' ');

  it.each(['surat-dinas', 'surat-undangan', 'nota-dinas'])('renders a final %s with every block of the layout', async (letterType) => {
    const pdf = await renderLetter(sampleLetter({ letterType }), final);
    const text = textOf(pdf);
    for (const expected of [
      'PEMERINTAH KOTA PEKALONGAN',
      'DINAS KOMUNIKASI DAN INFORMATIKA',
      'Jalan Sriwijaya Nomor 44',
      'Telepon (0285) 421444',
      '000.8.3.3/15/Diskominfo/2026',
      'Biasa',
      '1 (satu) berkas',
      'Kepala Perangkat Daerah di Lingkungan Pemerintah Kota Pekalongan',
      'Rapat Koordinasi Evaluasi SPBE',
      'Kepala Dinas Komunikasi dan Informatika,',
      'Budi Santoso, S.Kom., M.T.',
      'NIP. 19800101 200501 1 001',
      'Tembusan:',
      'Inspektur Kota Pekalongan',
      'Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang diterbitkan oleh',
      'Balai Sertifikasi Elektronik (BSrE)',
    ]) {
      expect(text).toContain(expected);
    }
    if (letterType === 'nota-dinas') {
      expect(text).toContain('NOTA DINAS');
      expect(text).toContain('22 November 2026');
    } else {
      expect(text).toContain('Pekalongan, 22 November 2026');
      expect(text).toMatch(/Yth\. Kepala Perangkat Daerah/);
      expect(text).toMatch(/di\s+Tempat/);
    }
    expect(text).not.toContain('KONSEP');
    expect(tools.qpdfCheck(pdf).status).toBe(0);
  });

  it('embeds subset Arimo fonts (Arial metrics) and uses the template paper size', async () => {
    const pdf = await renderLetter(sampleLetter({ letterType: 'surat-dinas' }), final);
    const fonts = tools.pdffonts(pdf);
    expect(fonts).toMatch(/[A-Z]{6}\+Arimo-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(fonts).toMatch(/[A-Z]{6}\+Arimo-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(tools.pdfinfo(pdf)).toMatch(/Page size:\s+609\.4\d* x 935\.4\d* pts/); // F4, 215 x 330 mm
    const nota = await renderLetter(sampleLetter({ letterType: 'nota-dinas' }), final);
    expect(tools.pdfinfo(nota)).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts/); // A4
  });

  /** pdftotext -layout, each line trimmed at its end, blank lines dropped. */
  const layoutOf = (pdf: Uint8Array) =>
    tools
      .pdftotext(pdf, ['-layout'])
      .split('\n')
      .map((line) => line.trimEnd())
      .filter(Boolean);

  it('prints the signature block as Permendagri 1/2023 does: jabatan, name, pangkat/golongan, NIP; a regional head without either', async () => {
    const lines = layoutOf(await renderLetter(sampleLetter({ letterType: 'surat-dinas' }), final)).map((line) => line.trim());
    const at = lines.indexOf('Kepala Dinas Komunikasi dan Informatika,');
    expect(lines.slice(at, at + 4)).toEqual(['Kepala Dinas Komunikasi dan Informatika,', 'Budi Santoso, S.Kom., M.T.', 'Pembina Utama Muda (IV/c)', 'NIP. 19800101 200501 1 001']);
    const mayor = { position: 'Wali Kota Pekalongan', name: 'H. Achmad Afzan Arslan Djunaid, S.E.' };
    const byMayor = layoutOf(await renderLetter(sampleLetter({ letterType: 'surat-dinas', signers: [mayor] }), final)).map((line) => line.trim());
    const from = byMayor.indexOf('Wali Kota Pekalongan,');
    expect(byMayor.slice(from, from + 3)).toEqual(['Wali Kota Pekalongan,', 'H. Achmad Afzan Arslan Djunaid, S.E.', 'Tembusan:']);
  });

  it.each(['surat-dinas', 'nota-dinas'])('numbers several addressees under "Yth." in a %s, and not a single one', async (letterType) => {
    const several = layoutOf(await renderLetter(sampleLetter({ letterType, addressees: ['Kepala Dinas Kesehatan', 'Direktur PT Telkom Indonesia'] }), final));
    const first = several.findIndex((line) => /^Yth\./.test(line));
    expect(several[first]).toMatch(/^Yth\.\s+(:\s+)?1\.\s+Kepala Dinas Kesehatan$/);
    expect(several[first + 1]).toMatch(/^\s+2\.\s+Direktur PT Telkom Indonesia$/);
    // The names line up after their numbers.
    expect(several[first + 1].indexOf('Direktur')).toBe(several[first].indexOf('Kepala'));
    const one = layoutOf(await renderLetter(sampleLetter({ letterType, addressees: ['Kepala Dinas Kesehatan'] }), final));
    expect(one.find((line) => /^Yth\./.test(line))).toMatch(/^Yth\.\s+(:\s+)?Kepala Dinas Kesehatan$/);
  });

  it.each(['surat-dinas', 'nota-dinas', 'surat-undangan'])('aligns the colons of the %s field table, Lampiran included', async (letterType) => {
    const words = [...tools.pdftotext(await renderLetter(sampleLetter({ letterType }), final), ['-bbox']).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map(
      ([, x, y, text]) => ({ x: Number(x), y: Number(y), text }),
    );
    const lampiran = words.find((w) => w.text === 'Lampiran')!;
    const hal = words.find((w) => w.text === 'Hal' && w.x === lampiran.x)!;
    const colonOf = (label: { y: number }) => words.find((w) => w.text === ':' && Math.abs(w.y - label.y) < 1)!;
    expect(colonOf(lampiran).x).toBeCloseTo(colonOf(hal).x, 1);
  });

  it('prints a QR code that opens the public verification page', async () => {
    const pdf = await renderLetter(sampleLetter(), final);
    const [page] = tools.toPngs(pdf, 150);
    expect(tools.readQrCodes(page)).toEqual([`${PUBLIC_URL}/verify/ABCDEFGHIJKLMNOPQRSTUVWXYZ`]);
  });

  it('marks a draft with a KONSEP watermark, without QR code or signature footer', async () => {
    const pdf = await renderLetter(sampleLetter({ number: undefined, date: undefined, verificationCode: undefined }), draft);
    const text = textOf(pdf, ['-raw']); // in content order; poppler spaces out the rotated letters
    expect(text).toMatch(/K ?O ?N ?S ?E ?P/);
    expect(text).not.toContain('ditandatangani secara elektronik');
    expect(text).toContain('Pekalongan, ....................');
    const [page] = tools.toPngs(pdf, 150);
    expect(tools.readQrCodes(page)).toEqual([]);
  });

  it('prints a berita acara pemusnahan with its number under the title and the table of berkas, repeating the header on a new page', async () => {
    const columns = [
      { label: 'No', width: 0.07 },
      { label: 'Nomor Berkas', width: 0.15 },
      { label: 'Kode Klasifikasi', width: 0.17 },
      { label: 'Uraian', width: 0.37 },
      { label: 'Kurun Waktu', width: 0.14 },
      { label: 'Jumlah', width: 0.1 },
    ];
    const rows = Array.from({ length: 45 }, (_, i) => [`${i + 1}`, `${i + 1}`, '500.12.6.1', `Berkas surat undangan rapat koordinasi tahun 2015 nomor ${i + 1}`, '2015', '3 naskah']);
    const input = sampleLetter({ letterType: 'berita-acara-pemusnahan', number: '000.5.6.2/4/BAP/Setda/2026', table: { columns, rows } });
    const rendered = await renderLetterDocument(input, final);
    const text = textOf(rendered.pdf);
    expect(text).toContain('BERITA ACARA PEMUSNAHAN ARSIP');
    expect(text).toContain('NOMOR 000.5.6.2/4/BAP/Setda/2026');
    expect(text).toContain('Nomor Berkas');
    expect(text).toContain('Berkas surat undangan rapat koordinasi tahun 2015 nomor 45');
    expect(rendered.pageCount).toBeGreaterThanOrEqual(2);
    expect(textOf(rendered.pdf, ['-f', '2', '-l', '2'])).toContain('Kode Klasifikasi');
    expect(tools.qpdfCheck(rendered.pdf).status).toBe(0);
  });

  it('breaks long letters over pages, numbering them "Halaman n dari m"', async () => {
    const rendered = await renderLetterDocument(sampleLetter({}, 14), final);
    expect(rendered.pageCount).toBeGreaterThanOrEqual(2);
    const text = textOf(rendered.pdf);
    for (let i = 1; i <= rendered.pageCount; i++) expect(text).toContain(`Halaman ${i} dari ${rendered.pageCount}`);
    // Continuation pages carry no letterhead.
    const secondPage = textOf(rendered.pdf, ['-f', '2', '-l', '2']);
    expect(secondPage).not.toContain('PEMERINTAH KOTA PEKALONGAN');
    expect(secondPage).toContain('ditandatangani secara elektronik');
    const short = textOf(await renderLetter(sampleLetter(), final));
    expect(short).not.toContain('Halaman');
  });

  it('prints a.n., u.b., Plt. and Plh. signature blocks and lays co-signers side by side', async () => {
    const rendered = await renderLetterDocument(
      sampleLetter({
        signers: [
          { ...KEPALA_DINAS, actingAs: 'plt', onBehalfOf: { superior: 'WALI KOTA PEKALONGAN', via: 'Sekretaris Daerah' } },
          { ...SEKRETARIS_DAERAH, actingAs: 'plh', onBehalfOf: { superior: 'WALI KOTA PEKALONGAN' } },
        ],
      }),
      final,
    );
    const text = textOf(rendered.pdf);
    expect(text).toContain('a.n. WALI KOTA PEKALONGAN');
    expect(text).toContain('u.b.');
    expect(text).toContain('Plt. Kepala Dinas Komunikasi dan Informatika,');
    expect(text).toContain('Plh. Sekretaris Daerah,');
    expect(text).toContain('NIP. 19790505 200312 2 002');
    const [left, right] = rendered.signatureSlots;
    expect(rendered.signatureSlots).toHaveLength(2);
    expect(left.pageIndex).toBe(right.pageIndex);
    expect(left.y).toBeCloseTo(right.y, 3); // aligned although the jabatan lines differ
    expect(left.x + left.width).toBeLessThan(right.x);
    const [page] = tools.toPngs(rendered.pdf, 150);
    expect(tools.readQrCodes(page)).toHaveLength(2);
  });

  it('treats all input as plain text and replaces characters the font lacks', async () => {
    const pdf = await renderLetter(
      sampleLetter({ paragraphs: ['<b>Tebal</b> &amp; Başkan 中文'], subject: 'Hal\twith\u0007control' }),
      final,
    );
    const text = textOf(pdf);
    expect(text).toContain('<b>Tebal</b> &amp; Baskan ??');
    expect(text).toContain('Hal withcontrol');
  });

  it("uses the unit's own logo instead of the template default", async () => {
    const ownLogo = readFileSync(tools.toPngs(await renderLetter(sampleLetter(), final), 10)[0]);
    const listImages = (pdf: Uint8Array) => execFileSync('pdfimages', ['-list', tools.file(pdf)], { encoding: 'utf8' });
    const withDefault = listImages(await renderLetter(sampleLetter(), final));
    const withOwn = listImages(await renderLetter(sampleLetter({ letterhead: { ...sampleLetter().letterhead, logoPng: ownLogo } }), final));
    expect(withDefault).toMatch(/image\s+300\s+360/);
    expect(withOwn).not.toMatch(/image\s+300\s+360/);
    expect(withOwn).toMatch(/image\s+\d+\s+\d+\s+rgb/);
  });

  it('refuses a final render without number, date or verification code, and unknown letter types', async () => {
    const error = await renderLetter(sampleLetter({ number: undefined, verificationCode: undefined }), final).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).code).toBe(DocumentErrorCode.RENDER_INPUT_INVALID);
    expect((error as DocumentError).message).toMatch(/number is required.*verificationCode is required/);
    await expect(renderLetter(sampleLetter({ letterType: 'surat-cinta' }), final)).rejects.toMatchObject({
      code: DocumentErrorCode.TEMPLATE_NOT_FOUND,
    });
    await expect(renderLetter(sampleLetter({ date: '2026-02-30' }), final)).rejects.toMatchObject({
      code: DocumentErrorCode.RENDER_INPUT_INVALID,
    });
  });
});
