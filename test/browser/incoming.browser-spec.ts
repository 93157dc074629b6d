import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { scannedPdf } from '../factories/correspondence.factory';
import { createTestApp, TestApp } from '../helpers/test-app';
import { eventually, expectNoAxeViolations, expectTapTargets, launchBrowser, loginAs, newContext, screenshot, type ViewportName } from './support';

jest.setTimeout(180_000);

/**
 * axe-core at the top of the page: scrolled down, the sticky top bar covers whatever passes
 * under it, which axe's target-size rule counts against the control (a position, not a fault).
 */
async function axe(page: Page, label: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await expectNoAxeViolations(page, label);
}

/** Today and tomorrow as a WIB calendar day (YYYY-MM-DD). */
const wibDay = (offsetDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + offsetDays * 86400_000));

describe('web UI: Surat Masuk for TU and the agenda book', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const incomingCount = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM incoming_letter'))[0].n;
  const fieldError = (page: Page, label: RegExp) => page.getByLabel(label).locator('xpath=..').locator('.field-error');

  it.each(['desktop', 'phone'] as const)('TU registers a scanned letter, sees bad input explained and a duplicate flagged before saving; the agenda lists both and exports them (%s)', async (viewport: ViewportName) => {
    const senderNumber = `005/${viewport === 'desktop' ? 311 : 312}/Dinkes-Prov/2026`;
    const context = await newContext(browser, t.baseUrl, viewport);
    const page = await context.newPage();
    await page.goto('/surat-masuk');
    await loginAs(page, 'tu.kominfo');
    await page.getByRole('heading', { level: 1, name: 'Surat Masuk' }).waitFor();
    await axe(page, `incoming list (${viewport})`);
    await page.getByRole('link', { name: /Catat Surat Masuk/ }).click();
    await page.waitForURL(/\/surat-masuk\/baru$/);
    await page.getByRole('heading', { level: 1, name: 'Catat Surat Masuk' }).waitFor();
    // The addressee is offered: the head of TU's unit, searchable among every position.
    await eventually(async () => expect(await page.getByLabel(/Tujuan/).inputValue()).toMatch(/^Kepala Dinas Komunikasi dan Informatika/));
    await axe(page, `register form (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'register form (phone)');
    const before = await incomingCount();

    // Nothing filled in: each field says what it needs, in Indonesian.
    await page.getByRole('button', { name: /Simpan/ }).click();
    await page.getByRole('alert').filter({ hasText: 'Periksa kembali isian' }).waitFor();
    expect(await fieldError(page, /Pengirim/).textContent()).toBe('Isi nama pengirim (minimal 2 huruf).');
    expect(await fieldError(page, /Nomor surat/).textContent()).toBe('Isi nomor surat sesuai yang tertulis pada surat.');
    expect(await fieldError(page, /Tanggal surat/).textContent()).toBe('Isi tanggal surat.');
    expect(await fieldError(page, /Perihal/).textContent()).toBe('Isi perihal surat (minimal 3 huruf).');
    expect(await fieldError(page, /Pindaian/).textContent()).toBe('Lampirkan hasil pindaian surat (PDF).');
    expect(await page.getByLabel(/Pengirim/).getAttribute('aria-invalid')).toBe('true');
    await axe(page, `register form with errors (${viewport})`);
    await screenshot(page, __filename, `register-errors-${viewport}`);

    await page.getByLabel(/Pengirim/).fill('Dinas Kesehatan Provinsi Jawa Tengah');
    await page.getByLabel(/Nomor surat/).fill(senderNumber);
    await page.getByLabel(/Tanggal surat/).fill(wibDay(1));
    await page.getByLabel(/Perihal/).fill('Undangan Rapat Koordinasi Satu Data Kesehatan');
    await page.getByLabel(/Sifat/).selectOption('terbatas');
    await page.getByLabel(/Pindaian/).setInputFiles({ name: 'surat.txt', mimeType: 'text/plain', buffer: Buffer.from('bukan pdf') });
    await page.getByRole('button', { name: /Simpan/ }).click();
    await eventually(async () => expect(await fieldError(page, /Tanggal surat/).textContent()).toBe('Tanggal surat tidak boleh setelah hari ini.'));
    expect(await fieldError(page, /Pindaian/).textContent()).toBe('Berkas pindaian harus berupa PDF.');
    expect(await fieldError(page, /Pengirim/).count()).toBe(0);

    await page.getByLabel(/Tanggal surat/).fill('2026-11-20');
    // 21 MB crosses the DevTools protocol: slow on a busy machine, hence the longer wait.
    await page.getByLabel(/Pindaian/).setInputFiles({ name: 'besar.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(21 * 1024 * 1024, 0x20) }, { timeout: 60_000 });
    await page.getByRole('button', { name: /Simpan/ }).click();
    await eventually(async () => expect(await fieldError(page, /Pindaian/).textContent()).toBe('Berkas pindaian terlalu besar (paling besar 20 MB).'));
    // A file named .pdf that is no PDF passes the browser's check; the server's refusal is explained at the field.
    await page.getByLabel(/Pindaian/).setInputFiles({ name: 'palsu.pdf', mimeType: 'application/pdf', buffer: Buffer.from('ini bukan PDF sama sekali') });
    await page.getByRole('button', { name: /Simpan/ }).click();
    await eventually(async () => expect(await fieldError(page, /Pindaian/).textContent()).toBe('Berkas pindaian harus berupa PDF.'));
    expect(await incomingCount()).toBe(before);

    const pdf = await scannedPdf('Undangan Rapat Koordinasi Satu Data Kesehatan');
    await page.getByLabel(/Pindaian/).setInputFiles({ name: 'undangan.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: /Simpan/ }).click();
    const saved = page.getByRole('status').filter({ hasText: 'Nomor agenda:' });
    await saved.waitFor();
    const [first] = await t.sql(`SELECT il.letter_id, il.agenda_number, l.sifat FROM incoming_letter il JOIN letter l ON l.id = il.letter_id WHERE il.sender_number = $1`, [senderNumber]);
    expect(first.sifat).toBe('terbatas');
    expect(await saved.textContent()).toBe(`Nomor agenda: ${first.agenda_number}`);
    expect(await incomingCount()).toBe(before + 1);
    await axe(page, `registered (${viewport})`);
    await screenshot(page, __filename, `registered-${viewport}`);

    // The same sender number and date again: flagged before anything is saved, then kept on purpose.
    await page.getByRole('button', { name: /Catat surat lain/ }).click();
    await page.getByLabel(/Pengirim/).fill('Dinas Kesehatan Provinsi Jawa Tengah');
    await page.getByLabel(/Nomor surat/).fill(senderNumber.toLowerCase());
    await page.getByLabel(/Tanggal surat/).fill('2026-11-20');
    await page.getByLabel(/Perihal/).fill('Undangan Rapat Koordinasi Satu Data Kesehatan (kiriman kedua)');
    await page.getByLabel(/Pindaian/).setInputFiles({ name: 'undangan-2.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: /Simpan/ }).click();
    const warning = page.getByRole('group', { name: 'Kemungkinan surat ganda' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain(`sudah tercatat dengan nomor agenda ${first.agenda_number}`);
    expect(await incomingCount()).toBe(before + 1);
    await axe(page, `duplicate flagged (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'duplicate flagged (phone)');
    await screenshot(page, __filename, `duplicate-${viewport}`);
    await warning.getByRole('button', { name: /Tetap simpan keduanya/ }).click();
    await page.getByRole('status').filter({ hasText: 'Nomor agenda:' }).waitFor();
    const both = await t.sql(`SELECT agenda_number, duplicate_of_letter_id FROM incoming_letter WHERE sender_number_key = $1 ORDER BY agenda_sequence`, [senderNumber.toUpperCase()]);
    expect(both).toEqual([
      { agenda_number: first.agenda_number, duplicate_of_letter_id: null },
      { agenda_number: expect.any(String), duplicate_of_letter_id: first.letter_id },
    ]);

    // The agenda book of the unit and year lists both, the second marked, and exports them as CSV.
    await page.goto('/surat-masuk');
    await page.getByRole('link', { name: /Buku Agenda/ }).click();
    await page.waitForURL(/\/agenda$/);
    const table = page.getByRole('region', { name: 'Daftar surat pada buku agenda' });
    await table.waitFor();
    for (const row of both) await table.getByRole('row').filter({ hasText: row.agenda_number }).first().waitFor();
    const second = table.getByRole('row').filter({ hasText: both[1].agenda_number }).first();
    expect(await second.textContent()).toContain('Kemungkinan ganda');
    expect(await table.getByRole('row').filter({ hasText: both[0].agenda_number }).first().textContent()).toContain('20 November 2026');
    await axe(page, `agenda (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'agenda (phone)');
    await screenshot(page, __filename, `agenda-${viewport}`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Unduh CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^agenda-incoming-\d{4}-01-01-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Nomor Agenda,Tanggal Diterima,Pengirim,Nomor Surat,Tanggal Surat,Perihal,Sifat,Derajat Kecepatan,Kode Klasifikasi,Tujuan,Status');
    const ours = lines.filter((l) => l.toUpperCase().includes(senderNumber.toUpperCase()));
    expect(ours).toHaveLength(2);
    expect(ours.map((l) => l.split(',')[0])).toEqual(both.map((b) => b.agenda_number));
    expect(ours[0]).toContain('Terbatas');
    const total = await t.sql(`SELECT count(*)::int AS n FROM incoming_letter WHERE agenda_year = $1`, [Number(wibDay().slice(0, 4))]);
    expect(lines).toHaveLength(total[0].n + 1);
    await context.close();
  });

  it('lists the incoming letters waiting for the addressee, and keeps the agenda book from those who may not read it', async () => {
    const context = await newContext(browser, t.baseUrl);
    const page = await context.newPage();
    await page.goto('/surat-masuk?tindakan=1');
    await loginAs(page, 'kadis.kominfo');
    const list = page.getByRole('list').filter({ hasText: 'Dinas Kesehatan Provinsi Jawa Tengah' });
    await list.waitFor();
    expect(await list.getByRole('listitem').filter({ hasText: 'Perlu tindakan' }).count()).toBeGreaterThanOrEqual(2);
    // Each letter kept despite the duplicate warning is marked in the list too.
    expect(await list.getByRole('listitem').filter({ hasText: 'Kemungkinan ganda' }).count()).toBe(2);
    expect(await page.getByRole('link', { name: /Catat Surat Masuk/ }).count()).toBe(0);
    await axe(page, 'incoming list of the addressee');
    await screenshot(page, __filename, 'incoming-kadis');
    await context.close();

    const staff = await newContext(browser, t.baseUrl);
    const staffPage = await staff.newPage();
    await staffPage.goto('/agenda');
    await loginAs(staffPage, 'staf.kominfo');
    await staffPage.getByRole('alert').filter({ hasText: 'Buku agenda hanya dapat dibuka oleh TU dan pimpinan unit kerja.' }).waitFor();
    await staff.close();
  });
});
