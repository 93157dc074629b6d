import type { Browser, Page } from 'playwright-core';
import { dispose, registerIncoming } from '../factories/correspondence.factory';
import { draftLetter, eventually as until, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';
import { expectNoAxeViolations, expectTapTargets, launchBrowser, loginAs, newContext, screenshot } from './support';

jest.setTimeout(180_000);

describe('web UI: Dasbor', () => {
  let t: TestApp;
  let browser: Browser;
  const tag = `D${Date.now().toString(36)}`;
  const secret = `Rencana Mutasi Rahasia ${tag}`;

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchBrowser();
    const p = await positionIds(t);
    const signed = await draftLetter(t, { subject: `Undangan Sosialisasi ${tag}`, reviewers: [{ positionIds: [p['KASI-APTIKA']] }] });
    expect((await fire(t, signed.id, 'staf.kominfo', 'submit')).status).toBe(200);
    expect((await fire(t, signed.id, 'kasi.aptika', 'approve')).status).toBe(200);
    expect((await fire(t, signed.id, 'kadis.kominfo', 'sign')).status).toBe(200);
    await until(async () => (await t.sql('SELECT number FROM letter WHERE id = $1', [signed.id]))[0].number, 30_000);
    // Waiting at the Kasi past its deadline.
    const late = await draftLetter(t, { subject: `Pemeliharaan Server ${tag}`, reviewers: [{ positionIds: [p['KASI-APTIKA']] }] });
    expect((await fire(t, late.id, 'staf.kominfo', 'submit')).status).toBe(200);
    await t.sql(`UPDATE letter_deadline SET due_at = now() - interval '3 hours' WHERE letter_id = $1 AND cancelled_at IS NULL`, [late.id]);
    // A Rahasia letter the Wali Kota takes no part in.
    const b = await draftLetter(t, { subject: secret, sifat: 'rahasia', reviewers: [{ positionIds: [p['KABID-APTIKA']] }] });
    expect((await fire(t, b.id, 'staf.kominfo', 'submit')).status).toBe(200);
    // A disposition nobody acted on.
    const incoming = await registerIncoming(t, { subject: `Permintaan Data ${tag}` });
    expect((await dispose(t, incoming.id, 'kadis.kominfo', { toPositionIds: [p['KABID-APTIKA']] })).status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The menu's Dasbor link, open or not (the drawer of a phone hides it). */
  const menuLink = (page: Page) => page.locator('#menu-utama a', { hasText: 'Dasbor' });

  it.each(['desktop', 'phone'] as const)('shows the Wali Kota every figure as bars with tables and CSV, without a Rahasia letter or any subject (%s)', async (viewport) => {
    const context = await newContext(browser, t.baseUrl, viewport);
    const page = await context.newPage();
    await page.goto('/');
    await loginAs(page, 'walikota');
    await menuLink(page).waitFor({ state: 'attached' });
    if (viewport === 'phone') await page.getByRole('button', { name: 'Buka menu' }).click();
    await page.getByRole('link', { name: 'Dasbor' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dasbor' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Surat per bulan' }).waitFor();

    // The big numbers are the database's: letters of the period that are not Rahasia, one late item, one pending disposition.
    const [{ n: letters }] = await t.sql(`SELECT count(*)::int AS n FROM letter WHERE unit_id IS NOT NULL AND sifat NOT IN ('rahasia', 'sangat_rahasia')`);
    const total = (heading: string) => page.locator('.dashboard-figure', { has: page.getByRole('heading', { level: 2, name: heading }) }).locator('.dashboard-total').first();
    expect((await total('Surat per bulan').textContent())?.trim()).toMatch(new RegExp(`^${letters}\\D`));
    expect((await total('Lewat batas waktu').textContent())?.trim()).toMatch(/^1\D/);
    expect((await total('Disposisi belum ditindaklanjuti').textContent())?.trim()).toMatch(/^1\D/);
    expect(await page.getByRole('img', { name: /Grafik batang: \d+ surat per bulan/ }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /pekerjaan lewat batas waktu menurut pegawai/ }).count()).toBe(1);

    // Every chart has its table; the late person is named.
    for (const summary of await page.locator('details summary').all()) await summary.click();
    const lateTable = page.getByRole('region', { name: 'Tabel Lewat batas waktu' });
    expect(await lateTable.getByRole('rowheader').allTextContents()).toEqual(['Rina Marlina, S.Kom.']);
    expect(await page.getByRole('region', { name: /^Tabel / }).count()).toBe(4);
    const csv = page.getByRole('link', { name: 'Unduh CSV Surat per bulan' });
    expect(await csv.getAttribute('href')).toMatch(/^\/api\/v1\/dashboard\/letters-per-month\?.*format=csv/);

    const content = await page.content();
    for (const subject of [secret, `Undangan Sosialisasi ${tag}`, `Pemeliharaan Server ${tag}`, `Permintaan Data ${tag}`]) expect(content).not.toContain(subject);
    await expectNoAxeViolations(page, `dashboard (${viewport})`);
    if (viewport === 'phone') {
      await expectTapTargets(page, 'dashboard (phone)');
      // Nothing runs past the right edge at 360 px.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    }
    await screenshot(page, __filename, `dashboard-${viewport}`);

    // Filtering by a unit keeps it in the address and narrows the figures.
    await page.getByLabel('Unit kerja', { exact: true }).selectOption({ label: 'Dinas Kesehatan' });
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.waitForURL(/unit=/);
    await page.getByText('Belum ada surat pada periode ini.').waitFor();
    await page.getByText('Tidak ada pekerjaan yang lewat batas waktu.').waitFor();
    await expectNoAxeViolations(page, `dashboard filtered (${viewport})`);
    await context.close();
  });

  it('gives no menu item to staff nor to an official who heads no unit, and tells them why on the page', async () => {
    for (const username of ['staf.kominfo', 'kasi.aptika']) {
      const context = await newContext(browser, t.baseUrl);
      const page = await context.newPage();
      // Staff never ask; an official asks the server whether they head a unit, and hears no.
      const asked = username === 'kasi.aptika' ? page.waitForResponse((r) => r.url().includes('/api/v1/dashboard/scope')) : undefined;
      await page.goto('/');
      await loginAs(page, username);
      await page.locator('#menu-utama a', { hasText: 'Kotak Masuk' }).waitFor({ state: 'attached' });
      if (asked) expect((await asked).status()).toBe(403);
      expect(await menuLink(page).count()).toBe(0);
      await page.goto('/dasbor');
      await page.getByRole('alert').filter({ hasText: 'Dasbor hanya untuk pimpinan unit kerja dan admin.' }).waitFor();
      await context.close();
    }
    const context = await newContext(browser, t.baseUrl);
    const page = await context.newPage();
    await page.goto('/');
    await loginAs(page, 'admin');
    await menuLink(page).waitFor({ state: 'attached' });
    await context.close();
  });
});
