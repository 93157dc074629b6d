import type { Browser, Page } from 'playwright-core';
import { draftLetter, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';
import { eventually, expectNoAxeViolations, expectTapTargets, launchBrowser, loginAs, newContext, screenshot } from './support';

jest.setTimeout(180_000);

const VIEWPORTS = ['desktop', 'phone'] as const;

describe('web UI: the desk (Beranda, Kotak Masuk, the bell)', () => {
  let t: TestApp;
  let browser: Browser;
  let p: Record<string, string>;
  const summaryOf = async (username: string) => (await t.http().get('/api/v1/inbox/summary').set('Authorization', `Bearer ${await t.token(username)}`).expect(200)).body;
  const counter = (page: Page, name: string) => page.locator(`[data-counter="${name}"] .counter-number`);
  const bellCount = async (page: Page) => {
    const label = (await page.getByRole('button', { name: /Pemberitahuan/ }).getAttribute('aria-label')) ?? '';
    const m = label.match(/(\d+) belum dibaca/);
    return m ? Number(m[1]) : 0;
  };

  /** A surat dinas by staf.kominfo, submitted: it waits for the reviewer's paraf. */
  async function submitted(subject: string, options: Parameters<typeof draftLetter>[1] = {}) {
    const letter = await draftLetter(t, { subject, reviewers: [{ positionIds: [p['KASI-APTIKA']] }], ...options });
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    return letter;
  }

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchBrowser();
    p = await positionIds(t);
    // A Rahasia letter on its way to the Kepala Dinas Kesehatan: the Sekretaris Daerah takes no part in it,
    // even though a stray notice was written for the position.
    const secret = await submitted('Rahasia Pemeriksaan Khusus Meja Kerja', { sifat: 'rahasia', recipientPositionIds: [p['KADIS-DINKES']], tembusanPositionIds: [] });
    await t.sql(`INSERT INTO notification (position_id, letter_id, kind, message) VALUES ($1, $2, 'action_review', 'Rahasia Pemeriksaan Khusus Meja Kerja')`, [p.SEKDA, secret.id]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it.each(VIEWPORTS)('a reviewer sees the counter, opens the list behind it and the item with its urgency and deadline (%s)', async (viewport) => {
    const subject = `Permohonan Data Meja Kerja ${viewport}`;
    const letter = await submitted(subject, { urgency: 'sangat_segera' });
    const expected = await summaryOf('kasi.aptika');
    const context = await newContext(browser, t.baseUrl, viewport);
    const page = await context.newPage();
    await loginAs(page, 'kasi.aptika');
    await page.getByRole('heading', { level: 1, name: 'Beranda' }).waitFor();
    await eventually(async () => expect(await counter(page, 'to_review').textContent()).toBe(String(expected.to_review)));
    for (const name of ['to_sign', 'to_send', 'returned', 'incoming_unread', 'incoming_open', 'tembusan_unread', 'disposition_unread', 'disposition_open', 'overdue']) {
      expect({ name, shown: await counter(page, name).textContent() }).toEqual({ name, shown: String(expected[name]) });
    }
    await expectNoAxeViolations(page, `home (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'home (phone)');
    await screenshot(page, __filename, `home-${viewport}`);

    await page.getByRole('link', { name: /Perlu diperiksa/ }).first().click();
    await page.waitForURL(/\/kotak-masuk\?jenis=to_review$/);
    const item = page.getByRole('link', { name: new RegExp(subject) });
    await item.waitFor();
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('Sangat Segera');
    expect(text).toContain('Batas waktu');
    expect(text).toContain('Belum dibaca');
    expect(text).toContain('Pemeriksaan (paraf berjenjang)');
    expect(await page.getByRole('listitem').filter({ has: page.getByRole('link', { name: new RegExp(subject) }) }).count()).toBe(1);
    expect(await page.locator('.inbox-item').count()).toBe(expected.to_review);
    await expectNoAxeViolations(page, `inbox (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'inbox (phone)');
    await screenshot(page, __filename, `inbox-${viewport}`);

    // The kind filter, with its count.
    await page.getByRole('link', { name: /Semua/ }).click();
    await page.waitForURL(/\/kotak-masuk$/);
    await page.getByRole('navigation', { name: 'Saring menurut jenis' }).getByRole('link', { name: /Perlu diperiksa/ }).click();
    await page.waitForURL(/\/kotak-masuk\?jenis=review$/);
    await page.getByRole('link', { name: new RegExp(subject) }).waitFor();

    await item.click();
    await page.waitForURL(new RegExp(`/surat/${letter.id}$`));
    await context.close();
  });

  it.each(VIEWPORTS)('a tembusan opened from the inbox becomes read and its counter drops; a Rahasia letter never shows (%s)', async (viewport) => {
    const subject = `Pemberitahuan Jadwal Meja Kerja ${viewport}`;
    const letter = await submitted(subject, { tembusanPositionIds: [p.SEKDA] });
    expect((await fire(t, letter.id, 'kasi.aptika', 'approve')).status).toBe(200);
    expect((await fire(t, letter.id, 'kadis.kominfo', 'sign')).status).toBe(200);
    expect((await fire(t, letter.id, 'staf.kominfo', 'send')).status).toBe(200);
    const before = await eventually(async () => {
      const s = await summaryOf('sekda');
      expect(s.tembusan_unread).toBeGreaterThanOrEqual(1);
      return s;
    });

    const context = await newContext(browser, t.baseUrl, viewport);
    const page = await context.newPage();
    await loginAs(page, 'sekda');
    await eventually(async () => expect(await counter(page, 'tembusan_unread').textContent()).toBe(String(before.tembusan_unread)));
    expect(await page.locator('main').textContent()).not.toContain('Rahasia Pemeriksaan Khusus');
    await page.getByRole('link', { name: /Tembusan belum dibaca/ }).click();
    await page.waitForURL(/jenis=tembusan_unread/);
    const item = page.getByRole('link', { name: new RegExp(subject) });
    await item.waitFor();
    expect(await item.textContent()).toContain('Tembusan');
    expect(await page.locator('main').textContent()).not.toContain('Rahasia Pemeriksaan Khusus');
    await screenshot(page, __filename, `tembusan-${viewport}`);
    await item.click();
    await page.waitForURL(new RegExp(`/surat/${letter.id}$`));
    await eventually(async () => expect((await summaryOf('sekda')).tembusan_unread).toBe(before.tembusan_unread - 1));

    if (viewport === 'phone') await page.getByRole('button', { name: /Buka menu/ }).click();
    await page.getByRole('link', { name: /Beranda/ }).first().click();
    await eventually(async () => expect(await counter(page, 'tembusan_unread').textContent()).toBe(String(before.tembusan_unread - 1)));
    await page.goto('/kotak-masuk?jenis=read');
    const read = page.getByRole('link', { name: new RegExp(subject) });
    await read.waitFor();
    expect(await read.textContent()).not.toContain('Belum dibaca');

    // The bell: the stray notice about the Rahasia letter is not counted and not listed.
    const api = await t.http().get('/api/v1/notifications?limit=50').set('Authorization', `Bearer ${await t.token('sekda')}`).expect(200);
    await eventually(async () => expect(await bellCount(page)).toBe(api.body.unread));
    await page.getByRole('button', { name: /Pemberitahuan/ }).click();
    const panel = page.getByRole('region', { name: 'Pemberitahuan' });
    await panel.waitFor();
    await eventually(async () => expect(await panel.getByRole('listitem').count()).toBeGreaterThan(0));
    expect(await panel.textContent()).toContain(`Tembusan: ${subject}`);
    expect(await panel.textContent()).not.toContain('Rahasia Pemeriksaan Khusus');
    await expectNoAxeViolations(page, `bell (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'bell (phone)');
    await screenshot(page, __filename, `bell-${viewport}`);
    await context.close();
  });

  it.each(VIEWPORTS)('the bell count rises without a reload when a new item arrives, and opens it (%s)', async (viewport) => {
    const context = await newContext(browser, t.baseUrl, viewport);
    const page = await context.newPage();
    await loginAs(page, 'kabid.aptika');
    await page.getByRole('heading', { level: 1, name: 'Beranda' }).waitFor();
    const expected = await summaryOf('kabid.aptika');
    await eventually(async () => expect(await counter(page, 'to_review').textContent()).toBe(String(expected.to_review)));
    const before = await eventually(async () => {
      const label = await page.getByRole('button', { name: /Pemberitahuan/ }).getAttribute('aria-label');
      expect(label).toMatch(/Pemberitahuan, (\d+ belum dibaca|tidak ada yang belum dibaca)/);
      return bellCount(page);
    });
    const subject = `Usulan Kegiatan Bidang Meja Kerja ${viewport}`;
    const letter = await draftLetter(t, { subject, reviewers: [{ positionIds: [p['KABID-APTIKA']] }] });
    await fire(t, letter.id, 'staf.kominfo', 'submit');
    // No reload: the stream brings the new count, and the Beranda re-reads its counters.
    await eventually(async () => expect(await bellCount(page)).toBeGreaterThan(before), 15_000);
    await eventually(async () => expect(await counter(page, 'to_review').textContent()).toBe(String(expected.to_review + 1)), 10_000);

    await page.getByRole('button', { name: /Pemberitahuan/ }).click();
    const notice = page.getByRole('region', { name: 'Pemberitahuan' }).getByRole('link', { name: new RegExp(subject) }).first();
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Belum dibaca');
    await notice.click();
    await page.waitForURL(new RegExp(`/surat/${letter.id}$`));
    await eventually(async () => expect(await bellCount(page)).toBe(before));
    await context.close();
  });

  it('shows work that reaches a Plh as such, and works by keyboard alone', async () => {
    const subject = 'Laporan Pelaksanaan Kegiatan Meja Kerja Plh';
    const letter = await submitted(subject);
    expect((await fire(t, letter.id, 'kasi.aptika', 'approve')).status).toBe(200);
    const [{ id: sekdis }] = await t.sql<{ id: string }>(`SELECT id FROM person WHERE username = 'sekdis.kominfo'`);
    await t
      .http()
      .post('/api/v1/delegations')
      .set('Authorization', `Bearer ${await t.token('kadis.kominfo')}`)
      .send({ kind: 'plh', personId: sekdis, positionId: p['KADIS-KOMINFO'], startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: new Date(Date.now() + 86400_000).toISOString() })
      .expect(201);
    const context = await newContext(browser, t.baseUrl, 'phone');
    const page = await context.newPage();
    await loginAs(page, 'sekdis.kominfo');
    await page.getByRole('heading', { level: 1, name: 'Beranda' }).waitFor();
    // Tab to the counter and open it with Enter, as a keyboard user does.
    const target = page.getByRole('link', { name: /Perlu ditandatangani/ });
    await eventually(async () => expect(Number(await counter(page, 'to_sign').textContent())).toBeGreaterThanOrEqual(1));
    for (let i = 0; i < 40 && !(await target.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/jenis=to_sign/);
    const item = page.getByRole('link', { name: new RegExp(subject) });
    await item.waitFor();
    expect(await item.textContent()).toContain('sebagai Plh. Kepala Dinas Komunikasi dan Informatika');
    await screenshot(page, __filename, 'plh-phone');
    // The bell opens and closes by keyboard, focus back on the bell.
    const bell = page.getByRole('button', { name: /Pemberitahuan/ });
    await bell.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Pemberitahuan' }).waitFor();
    await page.keyboard.press('Escape');
    await eventually(async () => expect(await page.getByRole('region', { name: 'Pemberitahuan' }).count()).toBe(0));
    expect(await bell.evaluate((el) => el === document.activeElement)).toBe(true);
    await context.close();
  });
});
