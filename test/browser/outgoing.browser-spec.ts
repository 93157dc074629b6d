import type { Browser } from 'playwright-core';
import { draftLetter, eventually as until, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';
import { eventually, expectNoAxeViolations, expectTapTargets, launchBrowser, loginAs, newContext, screenshot } from './support';

jest.setTimeout(180_000);

describe('web UI: Surat Keluar', () => {
  let t: TestApp;
  let browser: Browser;
  let inReview: string;
  let draft: string;
  let signed: string;
  const tag = `U${Date.now().toString(36)}`;

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchBrowser();
    const p = await positionIds(t);
    // staf.kominfo's letters: one submitted for review, one left as a draft (konsep).
    inReview = (await draftLetter(t, { subject: `Permohonan Data Jaringan ${tag}`, urgency: 'sangat_segera', reviewers: [{ positionIds: [p['KASI-APTIKA']] }] })).id;
    expect((await fire(t, inReview, 'staf.kominfo', 'submit')).status).toBe(200);
    draft = (await draftLetter(t, { type: 'nota-dinas', subject: `Nota Rapat Koordinasi ${tag}`, urgency: 'biasa' })).id;
    // A letter signed and waiting to be sent: the tata usaha's work.
    signed = (await draftLetter(t, { subject: `Undangan Sosialisasi ${tag}`, reviewers: [{ positionIds: [p['KASI-APTIKA']] }] })).id;
    expect((await fire(t, signed, 'staf.kominfo', 'submit')).status).toBe(200);
    await until(async () => (await t.sql(`SELECT 1 FROM letter_document WHERE letter_id = $1 AND kind = 'draft'`, [signed])).length > 0, 30_000);
    expect((await fire(t, signed, 'kasi.aptika', 'approve')).status).toBe(200);
    expect((await fire(t, signed, 'kadis.kominfo', 'sign')).status).toBe(200);
    // Someone else's Rahasia letter that staf.kominfo takes no part in.
    await draftLetter(t, { subject: `Rahasia Pemeriksaan Khusus ${tag}`, sifat: 'rahasia', reviewers: [{ positionIds: [p['KABID-APTIKA']] }] }, 'kasi.aptika');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it.each(['desktop', 'phone'] as const)('lists the caller’s letters with their Indonesian state labels, filters by state and subject, and never shows another’s Rahasia letter (%s)', async (viewport) => {
    const context = await newContext(browser, t.baseUrl, viewport);
    const page = await context.newPage();
    await page.goto('/surat-keluar');
    await loginAs(page, 'staf.kominfo');
    await page.getByRole('heading', { level: 1, name: 'Surat Keluar' }).waitFor();
    const list = page.locator('.outgoing-list');
    const row = (subject: string) => list.locator('li').filter({ hasText: subject });
    await row(`Permohonan Data Jaringan ${tag}`).waitFor();
    expect(await row(`Permohonan Data Jaringan ${tag}`).textContent()).toContain('Pemeriksaan (paraf berjenjang)');
    expect(await row(`Permohonan Data Jaringan ${tag}`).textContent()).toContain('Sangat Segera');
    expect(await row(`Nota Rapat Koordinasi ${tag}`).textContent()).toContain('Konsep');
    expect(await row(`Nota Rapat Koordinasi ${tag}`).textContent()).toContain('Belum bernomor');
    const signedRow = await row(`Undangan Sosialisasi ${tag}`).textContent();
    expect(signedRow).toContain('Ditandatangani');
    expect(signedRow).not.toContain('Belum bernomor');
    expect(await page.content()).not.toContain('Rahasia Pemeriksaan Khusus');
    await expectNoAxeViolations(page, `outgoing (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'outgoing (phone)');
    await screenshot(page, __filename, `outgoing-${viewport}`);

    // By state: only the draft.
    await page.getByLabel('Status').selectOption({ label: 'Konsep (1)' });
    await page.waitForURL(/status=draft/);
    await eventually(async () => expect(await list.locator('li').count()).toBe(1));
    expect(await list.textContent()).toContain(`Nota Rapat Koordinasi ${tag}`);
    await page.getByLabel('Status').selectOption('');

    // By words of the subject.
    await page.getByLabel('Cari perihal').fill('jaringan');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await page.waitForURL(/cari=jaringan/);
    await eventually(async () => expect(await list.locator('li').count()).toBe(1));
    await page.getByLabel('Cari perihal').fill('rahasia pemeriksaan');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await page.getByText('Tidak ada surat yang cocok dengan saringan ini.').waitFor();
    expect(await page.getByRole('status').filter({ hasText: /surat$/ }).textContent()).toBe('0 surat');
    await screenshot(page, __filename, `outgoing-empty-${viewport}`);

    // Each letter opens its page.
    await page.getByLabel('Cari perihal').fill(tag);
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await page.getByRole('link', { name: `Permohonan Data Jaringan ${tag}` }).click();
    await page.waitForURL(new RegExp(`/surat/${inReview}$`));
    await context.close();
  });

  it('shows the tata usaha the unit’s signed letters to send or file, and keyboard alone is enough', async () => {
    const context = await newContext(browser, t.baseUrl);
    const page = await context.newPage();
    await page.goto('/surat-keluar');
    await loginAs(page, 'tu.kominfo');
    await page.getByRole('heading', { level: 1, name: 'Surat Keluar' }).waitFor();
    await page.getByLabel('Untuk dikirim atau diarsipkan').focus();
    await page.keyboard.press('Space');
    await page.waitForURL(/lingkup=kirim/);
    const list = page.locator('.outgoing-list');
    await list.locator('li').filter({ hasText: `Undangan Sosialisasi ${tag}` }).waitFor();
    const text = await list.textContent();
    expect(text).not.toContain(`Nota Rapat Koordinasi ${tag}`);
    expect(text).not.toContain(`Permohonan Data Jaringan ${tag}`);
    expect(text).not.toContain('Rahasia Pemeriksaan Khusus');
    await expectNoAxeViolations(page, 'outgoing, TU dispatch');
    await screenshot(page, __filename, 'outgoing-tu-dispatch');
    await page.getByRole('link', { name: `Undangan Sosialisasi ${tag}` }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/surat/${signed}$`));
    expect(draft).toBeTruthy();
    await context.close();
  });

  it('answers GET /letters with the filters, state labels and counts, and keeps Rahasia letters out of them', async () => {
    const staf = `Bearer ${await t.token('staf.kominfo')}`;
    const all = await t.http().get(`/api/v1/letters?kind=outgoing&q=${tag}`).set('Authorization', staf).expect(200);
    expect(all.body.total).toBe(3);
    expect(all.body.items.map((i: { stateLabel: string }) => i.stateLabel).sort()).toEqual(['Ditandatangani', 'Konsep', 'Pemeriksaan (paraf berjenjang)']);
    expect(all.body.states.reduce((n: number, s: { count: number }) => n + s.count, 0)).toBe(3);
    const one = await t.http().get(`/api/v1/letters?kind=outgoing&q=${tag}&state=review`).set('Authorization', staf).expect(200);
    expect(one.body).toMatchObject({ total: 1, items: [{ id: inReview, stateLabel: 'Pemeriksaan (paraf berjenjang)', typeLabel: expect.any(String) }] });
    // The state counts ignore the state filter, so the other choices stay on offer.
    expect(one.body.states.length).toBe(3);
    const secret = await t.http().get(`/api/v1/letters?q=${encodeURIComponent('Rahasia Pemeriksaan')}`).set('Authorization', staf).expect(200);
    expect(secret.body).toMatchObject({ total: 0, items: [], states: [] });
    const tu = `Bearer ${await t.token('tu.kominfo')}`;
    const dispatch = await t.http().get(`/api/v1/letters?scope=dispatch&q=${tag}`).set('Authorization', tu).expect(200);
    expect(dispatch.body.items.map((i: { id: string }) => i.id)).toEqual([signed]);
    const bad = await t.http().get('/api/v1/letters?state=DROP%20TABLE').set('Authorization', staf).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
