import type { Browser, Page } from 'playwright-core';
import { PdfTools } from '../../src/documents/__fixtures__/pdf-tools';
import { scannedPdf } from '../factories/correspondence.factory';
import { fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';
import { eventually, expectNoAxeViolations, expectTapTargets, launchBrowser, loginAs, newContext, screenshot } from './support';

jest.setTimeout(240_000);

/** UI.md journeys 1 and 4: staf drafts a surat dinas, previews, saves, submits; after a return, revises and resubmits. */
describe('web UI: Buat Konsep and revising a returned draft', () => {
  let t: TestApp;
  let browser: Browser;
  let p: Record<string, string>;
  const tools = new PdfTools();

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchBrowser();
    p = await positionIds(t);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    tools.cleanup();
  });

  const lettersBy = async (subject: string) => t.sql<{ id: string }>('SELECT id FROM letter WHERE subject = $1', [subject]);
  const letterCount = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM letter'))[0].n;

  /**
   * axe at the top of the page: further down, whatever has scrolled under the shell's sticky top
   * bar counts as an obscured tap target (target-size), wherever the last click left the page.
   */
  async function axe(page: Page, label: string) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await expectNoAxeViolations(page, label);
  }

  /** Picks the first result of a search box (the ARIA combobox) after typing. */
  async function pick(page: Page, label: RegExp, text: string, option: RegExp) {
    const box = page.getByRole('combobox', { name: label });
    await box.fill(text);
    await page.getByRole('option', { name: option }).first().click();
  }

  it.each(['desktop', 'phone'] as const)('drafts, previews, saves and submits a surat dinas; after a return the note shows, the draft is revised and resubmitted (%s)', async (viewport) => {
    const context = await newContext(browser, t.baseUrl, viewport);
    const page = await context.newPage();
    await page.goto('/konsep/baru');
    await loginAs(page, 'staf.kominfo');
    await page.getByRole('heading', { level: 1, name: 'Buat Konsep' }).waitFor();
    await axe(page, `empty draft (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'empty draft (phone)');
    await screenshot(page, __filename, `empty-${viewport}`);

    // Bad inputs: words next to the fields and in the summary, nothing saved.
    const before = await letterCount();
    await page.getByRole('button', { name: /Simpan/ }).click();
    const alert = page.getByRole('alert');
    await eventually(async () => expect(await alert.textContent()).toContain('Perihal wajib diisi.'));
    expect(await alert.textContent()).toContain('Pilih setidaknya satu penerima (Kepada)');
    expect(await alert.textContent()).toContain('Pilih Penandatangan.');
    await page.getByLabel(/Perihal/).fill('x'.repeat(501));
    await page.getByRole('button', { name: /Simpan/ }).click();
    await eventually(async () => expect(await alert.textContent()).toContain('Perihal paling banyak 500 karakter (sekarang 501).'));
    expect(await page.getByLabel(/Perihal/).getAttribute('aria-invalid')).toBe('true');
    await axe(page, `draft with errors (${viewport})`);
    await screenshot(page, __filename, `errors-${viewport}`);
    expect(await letterCount()).toBe(before);

    const subject = `Permohonan Data Kunjungan Puskesmas (${viewport})`;
    await page.getByLabel(/Jenis naskah/).selectOption('surat-keluar');
    await page.getByLabel(/Perihal/).fill(subject);
    await pick(page, /Klasifikasi/, 'kesehatan data', /400\.7\.28 Data dan Informasi/);
    await page.getByText('Kode klasifikasi').waitFor();
    await page.getByLabel(/^Sifat/).selectOption('terbatas');
    await page.getByLabel(/Kecepatan/).selectOption('segera');

    // Two recipients, then put the second first: the order chosen is the order kept.
    await pick(page, /^Kepada/, 'Sekretaris Daerah', /^Sekretaris Daerah,/);
    await pick(page, /^Kepada/, 'dinas kesehatan', /^Kepala Dinas Kesehatan,/);
    await page.getByRole('button', { name: 'Turunkan Sekretaris Daerah' }).click();
    const kepada = page.getByRole('list', { name: /Kepada, sesuai urutan/ }).getByRole('listitem');
    await eventually(async () => expect(await kepada.allTextContents()).toEqual([expect.stringContaining('Kepala Dinas Kesehatan'), expect.stringContaining('Sekretaris Daerah')]));
    await pick(page, /^Tembusan/, 'wali kota', /^Wali Kota Pekalongan,/);
    await pick(page, /^Tembusan/, 'sekretaris daerah', /^Sekretaris Daerah,/);
    await page.getByLabel('Nama penerima luar').fill('Direktur RSUD Bendan');
    await page.getByLabel('Alamat penerima luar').fill('Jl. Sriwijaya No. 2, Pekalongan');
    await page.getByRole('button', { name: 'Tambah penerima luar' }).click();

    await page.getByLabel('Isi paragraf 1').fill('Dengan hormat, kami mohon data kunjungan puskesmas tahun 2026.');
    await page.getByRole('button', { name: /Tambah paragraf Isi/ }).click();
    await page.getByLabel('Isi paragraf 2').fill('Atas perhatian Saudara kami ucapkan terima kasih.');

    await page.getByRole('button', { name: /Tambah langkah Pemeriksa/ }).click();
    await pick(page, /Pemeriksa langkah 1/, 'pengembangan aplikasi', /^Kepala Seksi Pengembangan Aplikasi,/);
    await pick(page, /^Penandatangan/, 'bidang aplikasi', /^Kepala Bidang Aplikasi Informatika,/);
    await page.getByLabel(/Atas nama/).selectOption({ label: 'a.n. Kepala Dinas Komunikasi dan Informatika' });
    const print = page.getByRole('figure', { name: /Blok tanda tangan/ });
    await eventually(async () => expect(await print.textContent()).toContain('a.n. Kepala Dinas Komunikasi dan Informatika'));
    expect(await print.textContent()).toContain('Kepala Bidang Aplikasi Informatika,');

    // A wrong type is explained before anything is sent; a file that only looks like a PDF, after.
    const wrong = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: /Lampiran/ }).click();
    await (await wrong).setFiles({ name: 'catatan.txt', mimeType: 'text/plain', buffer: Buffer.from('bukan dokumen') });
    await page.getByRole('alert').filter({ hasText: '"catatan.txt" tidak dapat dilampirkan: hanya PDF atau dokumen perkantoran' }).waitFor();
    // The subject and the rest are right now: the earlier summary of errors is gone.
    expect(await page.getByText('Konsep belum disimpan').count()).toBe(0);
    expect(await lettersBy(subject)).toHaveLength(0);
    await axe(page, `attachment refused (${viewport})`);

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: /Lampiran/ }).click();
    await (await chooser).setFiles({ name: 'Data Kunjungan.pdf', mimeType: 'application/pdf', buffer: await scannedPdf('Data kunjungan puskesmas') });
    await page.getByRole('list', { name: 'Lampiran yang sudah diunggah' }).getByText('Data Kunjungan.pdf').waitFor();
    await page.waitForURL(/\/konsep\/[0-9a-f-]{36}$/);
    const [{ id }] = await lettersBy(subject);

    if (viewport === 'desktop') {
      const fake = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: /Lampiran/ }).click();
      await (await fake).setFiles({ name: 'palsu.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 bukan pdf') });
      await page.getByRole('alert').filter({ hasText: 'Isi berkas bukan PDF atau dokumen perkantoran' }).waitFor();
      // Drag and drop: a file dropped on the zone is uploaded as the button's is.
      const dropped = (await scannedPdf('Daftar puskesmas')).toString('base64');
      const transfer = await page.evaluateHandle((b64) => {
        const data = new DataTransfer();
        data.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'Daftar Puskesmas.pdf', { type: 'application/pdf' }));
        return data;
      }, dropped);
      await page.getByTestId('dropzone').dispatchEvent('dragover', { dataTransfer: transfer });
      await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: transfer });
      await page.getByRole('list', { name: 'Lampiran yang sudah diunggah' }).getByText('Daftar Puskesmas.pdf').waitFor();
      expect(await t.sql('SELECT 1 FROM letter_attachment WHERE letter_id = $1', [id])).toHaveLength(2);
    }

    await page.getByRole('button', { name: /Simpan/ }).click();
    await page.getByRole('status').filter({ hasText: 'Konsep disimpan' }).waitFor();
    await axe(page, `saved draft (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'saved draft (phone)');
    await screenshot(page, __filename, `saved-${viewport}`);

    // What was stored: the order chosen, the classification, the route, the mark, the external recipient.
    const parts = await t.sql<{ position_id: string; role: string; ordinal: number }>(
      `SELECT position_id, role, ordinal FROM letter_participant WHERE letter_id = $1 AND role IN ('recipient', 'tembusan') ORDER BY role, ordinal`,
      [id],
    );
    expect(parts).toEqual([
      { position_id: p['KADIS-DINKES'], role: 'recipient', ordinal: 1 },
      { position_id: p.SEKDA, role: 'recipient', ordinal: 2 },
      { position_id: p.WALIKOTA, role: 'tembusan', ordinal: 1 },
      { position_id: p.SEKDA, role: 'tembusan', ordinal: 2 },
    ]);
    const [row] = await t.sql<{ classification_code: string; sifat: string; urgency: string; body: any; route_plans: any }>(
      'SELECT classification_code, sifat, urgency, body, route_plans FROM letter WHERE id = $1',
      [id],
    );
    expect(row).toMatchObject({ classification_code: '400.7.28', sifat: 'terbatas', urgency: 'segera' });
    expect(row.body.paragraphs).toHaveLength(2);
    expect(row.body.externalRecipients).toEqual([{ name: 'Direktur RSUD Bendan', address: 'Jl. Sriwijaya No. 2, Pekalongan' }]);
    expect(row.body.signatureMark).toEqual({ kind: 'an', onBehalfOfPositionId: p['KADIS-KOMINFO'] });
    expect(row.route_plans.reviewers).toEqual([expect.objectContaining({ positionIds: [p['KASI-APTIKA']] })]);
    expect(row.route_plans.signers).toEqual([expect.objectContaining({ positionIds: [p['KABID-APTIKA']] })]);

    // The preview: a link that opens the PDF as it would print, with the session cookie.
    const preview = page.getByRole('link', { name: /Pratinjau PDF/ });
    const href = await preview.getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    await page.getByRole('button', { name: /^Ajukan/ }).click();
    await page.getByRole('status').filter({ hasText: 'Konsep diajukan' }).waitFor();
    expect((await t.sql<{ state: string }>('SELECT state FROM letter WHERE id = $1', [id]))[0].state).toBe('review');
    await expect(page.getByRole('button', { name: /Simpan/ }).count()).resolves.toBe(0);

    // Kasi returns it with a note (over the API); staf sees the note, edits, resubmits.
    const returned = await fire(t, id, 'kasi.aptika', 'return', { comment: 'Mohon lengkapi periode data pada paragraf pertama.' });
    expect(returned.status).toBe(200);
    await page.reload();
    const notes = page.getByRole('region', { name: 'Catatan pemeriksa' });
    await eventually(async () => expect(await notes.textContent()).toContain('Mohon lengkapi periode data pada paragraf pertama.'));
    expect(await page.getByText('Dikembalikan untuk diperbaiki').count()).toBeGreaterThan(0);
    await axe(page, `returned draft (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'returned draft (phone)');
    await screenshot(page, __filename, `returned-${viewport}`);
    await page.getByLabel('Isi paragraf 1').fill('Dengan hormat, kami mohon data kunjungan puskesmas periode Januari-Juni 2026.');
    await page.getByRole('button', { name: /Ajukan kembali/ }).click();
    await page.getByRole('status').filter({ hasText: 'Konsep diajukan' }).waitFor();
    const [after] = await t.sql<{ state: string; body: any }>('SELECT state, body FROM letter WHERE id = $1', [id]);
    expect(after.state).toBe('review');
    expect(after.body.paragraphs[0]).toContain('Januari-Juni 2026');

    // Every version with who and when.
    const versions = page.getByRole('region', { name: 'Riwayat versi' }).getByRole('listitem');
    const stored = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM letter_version WHERE letter_id = $1', [id]);
    await eventually(async () => expect(await versions.count()).toBe(stored[0].n));
    expect(stored[0].n).toBeGreaterThanOrEqual(3);
    const [{ name }] = await t.sql<{ name: string }>(`SELECT name FROM person WHERE username = 'staf.kominfo'`);
    expect(await versions.first().textContent()).toMatch(new RegExp(`^Versi 1 oleh ${name.replace(/[.()]/g, '\\$&')}, \\d{1,2} \\w{3} 2\\d{3} \\d{2}\\.\\d{2}`));
    await axe(page, `resubmitted (${viewport})`);
    await screenshot(page, __filename, `resubmitted-${viewport}`);
    await context.close();
  });

  it('drafts a Surat Undangan on a phone: the event fields are required, saved in the body, shown again and printed in the preview', async () => {
    const context = await newContext(browser, t.baseUrl, 'phone');
    const page = await context.newPage();
    await page.goto('/konsep/baru');
    await loginAs(page, 'staf.kominfo');
    await page.getByRole('heading', { level: 1, name: 'Buat Konsep' }).waitFor();
    await page.getByLabel(/Jenis naskah/).selectOption({ label: 'Surat Undangan' });
    await page.getByRole('heading', { name: 'Rincian acara undangan' }).waitFor();

    const subject = 'Undangan Rapat Koordinasi Satu Data (phone)';
    await page.getByLabel(/Perihal/).fill(subject);
    await pick(page, /^Kepada/, 'dinas kesehatan', /^Kepala Dinas Kesehatan,/);
    await page.getByLabel('Isi paragraf 1').fill('Dalam rangka penyusunan Satu Data Kota, kami mengundang Saudara pada:');
    await page.getByRole('button', { name: /Tambah langkah Pemeriksa/ }).click();
    await pick(page, /Pemeriksa langkah 1/, 'pengembangan aplikasi', /^Kepala Seksi Pengembangan Aplikasi,/);
    await pick(page, /^Penandatangan/, 'bidang aplikasi', /^Kepala Bidang Aplikasi Informatika,/);

    // The four rows are required: Indonesian words next to each empty one, nothing saved.
    const before = await letterCount();
    await page.getByLabel(/Tempat/).fill('Aula <b>');
    await page.getByRole('button', { name: /Simpan/ }).click();
    const alert = page.getByRole('alert');
    await eventually(async () => expect(await alert.textContent()).toContain('Hari/Tanggal wajib diisi untuk Surat Undangan.'));
    expect(await alert.textContent()).toContain('Pukul wajib diisi untuk Surat Undangan.');
    expect(await alert.textContent()).toContain('Acara wajib diisi untuk Surat Undangan.');
    expect(await alert.textContent()).toContain('Tempat tidak boleh memuat tanda < atau >.');
    expect(await page.getByLabel(/Hari\/Tanggal/).getAttribute('aria-invalid')).toBe('true');
    await axe(page, 'undangan with errors (phone)');
    await screenshot(page, __filename, 'undangan-errors-phone');
    expect(await letterCount()).toBe(before);

    const EVENT = [
      { label: 'Hari/Tanggal', value: 'Senin, 7 Desember 2026' },
      { label: 'Pukul', value: '09.00 WIB s.d. selesai' },
      { label: 'Tempat', value: 'Ruang Rapat Lantai 2 Diskominfo' },
      { label: 'Acara', value: 'Rapat Koordinasi Satu Data Kota' },
    ];
    for (const row of EVENT) await page.getByLabel(new RegExp(`^${row.label}`)).fill(row.value);
    await page.getByLabel(/Penutup/).fill('Mengingat pentingnya acara tersebut, dimohon hadir tepat waktu.');
    await page.getByRole('button', { name: /Simpan/ }).click();
    await page.getByRole('status').filter({ hasText: 'Konsep disimpan' }).waitFor();
    await page.waitForURL(/\/konsep\/[0-9a-f-]{36}$/);
    const [{ id }] = await lettersBy(subject);
    const [row] = await t.sql<{ workflow_key: string; body: any }>('SELECT workflow_key, body FROM letter WHERE id = $1', [id]);
    expect(row.workflow_key).toBe('surat-undangan');
    expect(row.body.eventDetails).toEqual(EVENT);
    expect(row.body.closing).toEqual(['Mengingat pentingnya acara tersebut, dimohon hadir tepat waktu.']);
    await axe(page, 'saved undangan (phone)');
    await expectTapTargets(page, 'saved undangan (phone)');
    await screenshot(page, __filename, 'undangan-saved-phone');

    // Loaded back from the server (a reload), the fields hold what was saved.
    await page.reload();
    await eventually(async () => expect(await page.getByLabel(/^Hari\/Tanggal/).inputValue()).toBe('Senin, 7 Desember 2026'));
    expect(await page.getByLabel(/^Acara/).inputValue()).toBe('Rapat Koordinasi Satu Data Kota');

    // The preview prints the event table.
    const href = await page.getByRole('link', { name: /Pratinjau PDF/ }).getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    const text = tools.pdftotext(await pdf.body()).replace(/\s+/g, ' ');
    for (const r of EVENT) expect(text).toContain(`${r.label} : ${r.value}`);

    await page.getByRole('button', { name: /^Ajukan/ }).click();
    await page.getByRole('status').filter({ hasText: 'Konsep diajukan' }).waitFor();
    expect((await t.sql<{ state: string }>('SELECT state FROM letter WHERE id = $1', [id]))[0].state).toBe('review');
    await axe(page, 'submitted undangan (phone)');
    await context.close();
  });

  it('drafts by keyboard alone: Tab, typing, arrow keys, Enter and Space', async () => {
    const context = await newContext(browser, t.baseUrl, 'desktop');
    const page = await context.newPage();
    await page.goto('/konsep/baru');
    await loginAs(page, 'staf.kominfo');
    await page.getByRole('heading', { level: 1, name: 'Buat Konsep' }).waitFor();

    /** Presses Tab until the focused control's accessible name matches. */
    async function tabTo(name: RegExp, max = 80) {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el) return '';
          const labelled = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
          return `${labelled} ${el.tagName === 'BUTTON' || el.tagName === 'A' ? el.textContent : ''}`.trim();
        });
        if (name.test(focused)) return;
      }
      throw new Error(`no control named ${name} reached by Tab`);
    }
    async function choose(label: RegExp, text: string, option: RegExp) {
      await tabTo(label);
      await page.keyboard.type(text);
      await page.getByRole('option', { name: option }).first().waitFor();
      // The first result is active; move down and back up with the arrows, then pick it with Enter.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Enter');
    }

    const subject = 'Undangan Rapat Koordinasi SPBE (papan ketik)';
    await tabTo(/Perihal/);
    await page.keyboard.type(subject);
    await choose(/^Klasifikasi/, '500.12', /^500\.12 Komunikasi dan Informatika/);
    await tabTo(/^Sifat/);
    await page.keyboard.press('ArrowDown'); // Biasa → Terbatas
    await choose(/^Kepada/, 'dinas kesehatan', /^Kepala Dinas Kesehatan,/);
    await choose(/^Tembusan/, 'sekretaris daerah', /^Sekretaris Daerah,/);
    await tabTo(/^Isi paragraf 1/);
    await page.keyboard.type('Dengan hormat, kami mengundang Saudara pada rapat koordinasi SPBE.');
    await tabTo(/Tambah paragraf Isi/);
    await page.keyboard.press('Space');
    // The new paragraph takes the focus.
    await eventually(async () => expect(await page.evaluate(() => document.activeElement?.id)).toBe('paragraph-1'));
    await page.keyboard.type('Demikian, atas kehadiran Saudara kami ucapkan terima kasih.');
    await tabTo(/Tambah langkah Pemeriksa/);
    await page.keyboard.press('Enter');
    await eventually(async () => expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox'));
    await page.keyboard.type('pengembangan aplikasi');
    await page.getByRole('option', { name: /^Kepala Seksi Pengembangan Aplikasi,/ }).first().waitFor();
    await page.keyboard.press('Enter');
    await choose(/^Penandatangan/, 'bidang aplikasi', /^Kepala Bidang Aplikasi Informatika,/);
    await tabTo(/^Simpan/);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Konsep disimpan' }).waitFor();
    await screenshot(page, __filename, 'keyboard-saved');

    const [row] = await t.sql<{ id: string; classification_code: string; sifat: string; body: any }>('SELECT id, classification_code, sifat, body FROM letter WHERE subject = $1', [subject]);
    expect(row).toMatchObject({ classification_code: '500.12', sifat: 'terbatas' });
    expect(row.body.paragraphs).toEqual(['Dengan hormat, kami mengundang Saudara pada rapat koordinasi SPBE.', 'Demikian, atas kehadiran Saudara kami ucapkan terima kasih.']);
    const parts = await t.sql<{ position_id: string; role: string }>(`SELECT position_id, role FROM letter_participant WHERE letter_id = $1 AND role IN ('recipient', 'tembusan', 'reviewer', 'signer') ORDER BY role`, [row.id]);
    expect(parts).toEqual(
      expect.arrayContaining([
        { position_id: p['KADIS-DINKES'], role: 'recipient' },
        { position_id: p.SEKDA, role: 'tembusan' },
      ]),
    );
    await tabTo(/^Ajukan/);
    await page.keyboard.press('Space');
    await page.getByRole('status').filter({ hasText: 'Konsep diajukan' }).waitFor();
    expect((await t.sql<{ state: string }>('SELECT state FROM letter WHERE id = $1', [row.id]))[0].state).toBe('review');
    await context.close();
  });
});
