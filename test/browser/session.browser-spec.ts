import Redis from 'ioredis';
import type { Browser } from 'playwright-core';
import { redisOptions } from '../../src/queue/redis';
import { createTestApp, TestApp } from '../helpers/test-app';
import { eventually, expectNoAxeViolations, expectTapTargets, launchBrowser, loginAs, newContext, screenshot } from './support';

jest.setTimeout(120_000);

describe('web UI: sign-in and the browser session', () => {
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

  it.each(['desktop', 'phone'] as const)('logs in with an httpOnly SameSite=Strict cookie and no token in storage, and logs out on the server (%s)', async (viewport) => {
    const context = await newContext(browser, t.baseUrl, viewport);
    const page = await context.newPage();
    await page.goto('/');
    await page.waitForURL(/\/masuk\?kembali=%2F/);
    await expectNoAxeViolations(page, `login (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'login (phone)');
    await screenshot(page, __filename, `login-${viewport}`);

    await loginAs(page, 'staf.kominfo');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const cookie = (await context.cookies()).find((c) => c.name === 'esurat_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, path: '/' });
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(cookie!.value);
    expect(stored).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no JWT either

    if (viewport === 'phone') await page.getByRole('button', { name: /Buka menu/ }).click();
    await page.getByRole('button', { name: /Keluar/ }).click();
    await page.waitForURL(/\/masuk/);
    await page.getByRole('status').filter({ hasText: 'Anda telah keluar' }).waitFor();
    // The old cookie no longer opens anything: the session ended on the server, not only in the browser.
    const res = await t.http().get('/api/v1/inbox').set('Cookie', `esurat_session=${cookie!.value}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('SESSION_EXPIRED');
    await context.close();
  });

  it('explains a wrong password in Indonesian and keeps the username', async () => {
    const context = await newContext(browser, t.baseUrl);
    const page = await context.newPage();
    await page.goto('/masuk');
    await page.getByLabel(/Nama pengguna/).fill('staf.kominfo');
    await page.getByLabel(/Kata sandi/).fill('salah-sekali');
    await page.getByRole('button', { name: /Masuk/ }).click();
    await eventually(async () => expect(await page.getByRole('alert').textContent()).toBe('Nama pengguna atau kata sandi salah.'));
    expect(await page.getByLabel(/Nama pengguna/).inputValue()).toBe('staf.kominfo');
    await expectNoAxeViolations(page, 'login with an error');
    await context.close();
  });

  it('brings an expired session back to the login and then to the page it was on', async () => {
    const context = await newContext(browser, t.baseUrl);
    const page = await context.newPage();
    await page.goto('/kotak-masuk?jenis=review');
    await loginAs(page, 'staf.kominfo');
    await page.waitForURL(/\/kotak-masuk\?jenis=review$/);
    // The server forgets the session (idle timeout or an admin's action): the next request finds out.
    const redis = new Redis(redisOptions(t.config));
    const keys = await redis.keys(`${t.config.QUEUE_PREFIX}:session:*`);
    expect(keys.length).toBe(1);
    await redis.del(...keys);
    await redis.quit();
    await page.goto('/surat-masuk');
    await page.waitForURL(/\/masuk\?kembali=%2Fsurat-masuk/);
    await loginAs(page, 'staf.kominfo');
    await page.waitForURL(/\/surat-masuk$/);
    await context.close();
  });

  it('refuses a write from the session cookie without its CSRF token, and a bearer token still works for scripts', async () => {
    const login = await t.http().post('/api/v1/auth/session').send({ username: 'staf.kominfo', password: 'Demo#2026' });
    expect(login.status).toBe(200);
    const cookie = String(login.headers['set-cookie']).match(/esurat_session=[^;]+/)![0];
    expect(String(login.headers['set-cookie'])).toMatch(/esurat_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    expect(login.body).not.toHaveProperty('accessToken');
    const body = { type: 'nota-dinas', subject: 'Uji CSRF' };
    const refused = await t.http().post('/api/v1/letters').set('Cookie', cookie).send(body);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('CSRF_TOKEN_INVALID');
    const wrong = await t.http().post('/api/v1/letters').set('Cookie', cookie).set('X-CSRF-Token', 'x'.repeat(43)).send(body);
    expect(wrong.body.code).toBe('CSRF_TOKEN_INVALID');
    const read = await t.http().get('/api/v1/auth/session').set('Cookie', cookie);
    expect(read.body.csrfToken).toBe(login.body.csrfToken);
    const token = await t.token('staf.kominfo');
    expect((await t.http().get('/api/v1/inbox').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect(await t.sql(`SELECT count(*)::int AS n FROM letter WHERE subject = 'Uji CSRF'`)).toEqual([{ n: 0 }]);
  });
});
