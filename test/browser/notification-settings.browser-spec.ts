import type { Browser } from 'playwright-core';
import { fakeSmtp } from '../helpers/fake-smtp';
import { fakeWhatsAppGateway } from '../helpers/fake-whatsapp';
import { createTestApp, TestApp } from '../helpers/test-app';
import { eventually, expectNoAxeViolations, expectTapTargets, launchBrowser, loginAs, newContext, screenshot } from './support';

jest.setTimeout(180_000);

describe('web UI: Pengaturan Notifikasi', () => {
  let t: TestApp;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;
  let wa: Awaited<ReturnType<typeof fakeWhatsAppGateway>>;

  beforeAll(async () => {
    smtp = await fakeSmtp();
    wa = await fakeWhatsAppGateway();
    t = await createTestApp({ SMTP_ENABLED: 'true', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_STARTTLS: 'never', WHATSAPP_GATEWAY_URL: wa.url });
    await t.sql(`UPDATE person SET email = 'kadis@kominfo.pekalongankota.go.id', phone = '6281100000001' WHERE username = 'kadis.kominfo'`);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
    await wa?.close();
  });

  it.each(['desktop', 'phone'] as const)('shows the defaults, saves choices per kind and channel with the digest and the WhatsApp number (%s)', async (viewport) => {
    // Each viewport starts from the defaults and the number an administrator set.
    await t.sql(`DELETE FROM notification_preference`);
    await t.sql(`UPDATE person SET phone = '6281100000001' WHERE username = 'kadis.kominfo'`);
    const context = await newContext(browser, t.baseUrl, viewport);
    const page = await context.newPage();
    await page.goto('/');
    await loginAs(page, 'kadis.kominfo');
    if (viewport === 'phone') await page.getByRole('button', { name: /Buka menu/ }).click();
    await page.getByRole('link', { name: 'Pengaturan Notifikasi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pengaturan Notifikasi' }).waitFor();
    const box = (kind: string, channel: string) => page.getByRole('group', { name: kind }).getByRole('checkbox', { name: channel });
    await box('Tanda tangan', 'Surel').waitFor();
    // The defaults: in the app always; e-mail and WhatsApp for signatures and deadlines (an address and a number are set).
    expect(await box('Tanda tangan', 'Surel').isChecked()).toBe(true);
    expect(await box('Tanda tangan', 'WhatsApp').isChecked()).toBe(true);
    expect(await box('Pemeriksaan (paraf)', 'Di aplikasi').isChecked()).toBe(true);
    expect(await box('Pemeriksaan (paraf)', 'Surel').isChecked()).toBe(false);
    expect(await page.getByLabel('Nomor WhatsApp').inputValue()).toBe('6281100000001');
    await expectNoAxeViolations(page, `notification settings (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'notification settings (phone)');
    await screenshot(page, __filename, `notification-settings-${viewport}`);

    await box('Pemeriksaan (paraf)', 'Surel').check();
    await box('Disposisi', 'Di aplikasi').uncheck();
    await page.getByRole('checkbox', { name: /ringkasan harian/ }).check();
    await page.getByLabel('Nomor WhatsApp').fill('6281299990000');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByRole('status').filter({ hasText: 'tersimpan' }).waitFor();
    const [row] = await eventually(async () => {
      const rows = await t.sql(`SELECT np.channels, np.digest, p.phone FROM notification_preference np JOIN person p ON p.id = np.person_id WHERE p.username = 'kadis.kominfo'`);
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(row.digest).toBe(true);
    expect(row.phone).toBe('6281299990000');
    expect(row.channels.review).toEqual({ inApp: true, email: true, whatsapp: false });
    expect(row.channels.disposition).toEqual({ inApp: false, email: false, whatsapp: false });
    expect(row.channels.signature).toEqual({ inApp: true, email: true, whatsapp: true });

    // A reload shows what was saved.
    await page.reload();
    await box('Pemeriksaan (paraf)', 'Surel').waitFor();
    expect(await box('Pemeriksaan (paraf)', 'Surel').isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: /ringkasan harian/ }).isChecked()).toBe(true);
    await expectNoAxeViolations(page, `notification settings saved (${viewport})`);
    await context.close();
  });

  it('explains a channel the person cannot use, and a malformed number in words', async () => {
    const context = await newContext(browser, t.baseUrl, 'phone');
    const page = await context.newPage();
    await page.goto('/pengaturan/notifikasi');
    await loginAs(page, 'staf.kominfo');
    await page.getByRole('heading', { level: 1, name: 'Pengaturan Notifikasi' }).waitFor();
    const email = page.getByRole('group', { name: 'Tanda tangan' }).getByRole('checkbox', { name: 'Surel' });
    await email.waitFor();
    expect(await email.isDisabled()).toBe(true);
    expect(await page.getByRole('group', { name: 'Tanda tangan' }).textContent()).toContain('belum punya alamat surel');
    const whatsapp = page.getByRole('group', { name: 'Tanda tangan' }).getByRole('checkbox', { name: 'WhatsApp' });
    expect(await whatsapp.isDisabled()).toBe(true);
    await page.getByLabel('Nomor WhatsApp').fill('0812');
    expect(await whatsapp.isDisabled()).toBe(false);
    await whatsapp.check();
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByRole('alert').filter({ hasText: '8–15 angka' }).waitFor();
    await expectNoAxeViolations(page, 'notification settings refused (phone)');
    await context.close();
  });
});
