import type { Browser, Page } from 'playwright-core';
import { downloadDocument, draftLetter, eventually as until, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';
import { eventually, expectNoAxeViolations, expectTapTargets, launchBrowser, newContext, screenshot } from './support';

jest.setTimeout(180_000);

/** Drafts, reviews and signs a letter over the API; returns its id, signed PDF and verification code. */
async function signedLetter(t: TestApp, subject: string, sifat = 'biasa') {
  const p = await positionIds(t);
  const { id } = await draftLetter(t, { subject, sifat, reviewers: [{ positionIds: [p['KASI-APTIKA']] }] });
  expect((await fire(t, id, 'staf.kominfo', 'submit')).status).toBe(200);
  await until(async () => (await t.sql(`SELECT 1 FROM letter_document WHERE letter_id = $1 AND kind = 'draft'`, [id])).length > 0, 30_000);
  expect((await fire(t, id, 'kasi.aptika', 'approve')).status).toBe(200);
  expect((await fire(t, id, 'kadis.kominfo', 'sign')).status).toBe(200);
  const [row] = await t.sql<{ number: string; verification_code: string }>('SELECT number, verification_code FROM letter WHERE id = $1', [id]);
  return { id, pdf: await downloadDocument(t, id), number: row.number, code: row.verification_code };
}

async function upload(page: Page, name: string, bytes: Buffer) {
  await page.getByLabel('Berkas PDF', { exact: true }).setInputFiles({ name, mimeType: 'application/pdf', buffer: bytes });
  await page.getByRole('button', { name: 'Periksa Berkas', exact: true }).click();
  await page.getByRole('heading', { name: 'Hasil pemeriksaan berkas' }).waitFor();
}

describe('web UI: public verification (no login)', () => {
  let t: TestApp;
  let browser: Browser;
  let letter: Awaited<ReturnType<typeof signedLetter>>;
  const subject = `Pemberitahuan Pemeliharaan Server ${Date.now().toString(36)}`;

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchBrowser();
    letter = await signedLetter(t, subject);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it.each(['desktop', 'phone'] as const)('says an original signed PDF is original with every signature intact, and explains a tampered copy (%s)', async (viewport) => {
    const context = await newContext(browser, t.baseUrl, viewport);
    const page = await context.newPage();
    await page.goto('/verifikasi');
    await page.getByRole('heading', { level: 1, name: 'Verifikasi Dokumen' }).waitFor();
    await expectNoAxeViolations(page, `verify (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'verify (phone)');

    await upload(page, 'surat.pdf', letter.pdf);
    const verdict = page.locator('.verify-verdict');
    await eventually(async () => expect(await verdict.textContent()).toContain('Berkas ini asli'));
    expect(await verdict.textContent()).toContain('Tanda tangan utuh');
    expect(await verdict.locator('.error').count()).toBe(0);
    const result = page.locator('.verify-result');
    expect(await result.textContent()).toContain('Sri Budi Santoso');
    expect(await result.textContent()).toContain(letter.number);
    expect(await result.textContent()).toContain(subject);
    // Long-term: the level, the proven time, and that the certificate held then.
    expect(await result.textContent()).toContain('Tingkat tanda tangan B-LTA');
    expect(await result.textContent()).toContain('waktu terbukti');
    expect(await result.textContent()).toContain('Sertifikat berlaku dan tidak dicabut pada waktu itu');
    expect(await result.textContent()).toContain('Cap waktu arsip (B-LTA)');
    await expectNoAxeViolations(page, `verify, original (${viewport})`);
    await screenshot(page, __filename, `verify-original-${viewport}`);

    // One byte changed inside a content stream: the signature no longer covers what is there.
    const tampered = Buffer.from(letter.pdf);
    tampered[tampered.indexOf('stream\n', 2000) + 200] ^= 0x01;
    await upload(page, 'salinan.pdf', tampered);
    await eventually(async () => expect(await verdict.textContent()).toContain('Tanda tangan tidak utuh'));
    expect(await verdict.textContent()).toContain('Berkas ini tidak sama dengan naskah asli');
    expect(await verdict.textContent()).not.toContain('Berkas ini asli');
    expect(await result.textContent()).toContain('tidak utuh');
    await expectNoAxeViolations(page, `verify, tampered (${viewport})`);
    await screenshot(page, __filename, `verify-tampered-${viewport}`);
    await context.close();
  });

  it('explains a file that is not a PDF and a missing file next to the field', async () => {
    const context = await newContext(browser, t.baseUrl);
    const page = await context.newPage();
    await page.goto('/verifikasi');
    await page.getByRole('button', { name: 'Periksa Berkas', exact: true }).click();
    await eventually(async () => expect(await page.locator('#berkas-pdf-error').textContent()).toBe('Pilih berkas PDF terlebih dahulu.'));
    await page.getByLabel('Berkas PDF', { exact: true }).setInputFiles({ name: 'foto.pdf', mimeType: 'application/pdf', buffer: Buffer.from('GIF89a bukan pdf') });
    await page.getByRole('button', { name: 'Periksa Berkas', exact: true }).click();
    await eventually(async () => expect(await page.locator('#berkas-pdf-error').textContent()).toBe('Berkas ini bukan PDF. Pilih berkas PDF naskah dinas.'));
    expect(await page.getByLabel('Berkas PDF', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'verify, bad file');
    await context.close();
  });

  it('looks a letter up by its code, and an unknown code is explained', async () => {
    const context = await newContext(browser, t.baseUrl, 'phone');
    const page = await context.newPage();
    await page.goto('/verifikasi');
    await page.getByLabel('Kode verifikasi', { exact: true }).fill(letter.code);
    await page.getByRole('button', { name: 'Cari Naskah' }).click();
    const facts = page.locator('.verify-letter').last();
    await eventually(async () => expect(await facts.textContent()).toContain(letter.number));
    const text = await facts.textContent();
    expect(text).toContain('Naskah ini terdaftar dan telah ditandatangani secara elektronik.');
    expect(text).toContain(subject);
    expect(text).toContain('Sri Budi Santoso');
    expect(text).toContain('Kepala Dinas Komunikasi dan Informatika');
    expect(text).toMatch(/\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) 20\d\d/);
    await expectNoAxeViolations(page, 'verify, code lookup (phone)');
    await expectTapTargets(page, 'verify, code lookup (phone)');
    await screenshot(page, __filename, 'verify-code');

    await page.getByLabel('Kode verifikasi', { exact: true }).fill('ZZZZZZZZZZZZZZZZZZZZZZZZZZ');
    await page.getByRole('button', { name: 'Cari Naskah' }).click();
    await eventually(async () => expect(await page.locator('#kode-verifikasi-error').textContent()).toContain('Kode verifikasi ini tidak terdaftar'));
    await context.close();
  });

  it('never shows the subject of a Rahasia letter, to the public page or the lookup', async () => {
    const secret = await signedLetter(t, 'Hasil Audit Investigasi Khusus', 'rahasia');
    const context = await newContext(browser, t.baseUrl);
    const page = await context.newPage();
    await page.goto(`/verifikasi?kode=${secret.code}`);
    const facts = page.locator('.verify-letter');
    await eventually(async () => expect(await facts.textContent()).toContain(secret.number));
    expect(await facts.textContent()).toContain('Dirahasiakan');
    await upload(page, 'rahasia.pdf', secret.pdf);
    await eventually(async () => expect(await page.locator('.verify-verdict').textContent()).toContain('Berkas ini asli'));
    expect(await page.content()).not.toContain('Hasil Audit Investigasi');
    await context.close();
  });

  it('the QR code’s page /verify/:code links to the upload form with the code filled in', async () => {
    const context = await newContext(browser, t.baseUrl, 'phone');
    const page = await context.newPage();
    await page.goto(`/verify/${letter.code}`);
    await page.getByRole('heading', { name: 'Verifikasi Naskah Dinas' }).waitFor();
    await expectNoAxeViolations(page, 'server-rendered /verify/:code');
    await expectTapTargets(page, 'server-rendered /verify/:code');
    await screenshot(page, __filename, 'verify-qr-page');
    await page.getByRole('link', { name: /Periksa keaslian berkas PDF/ }).click();
    await page.waitForURL(new RegExp(`/verifikasi\\?kode=${letter.code}$`));
    expect(await page.getByLabel('Kode verifikasi', { exact: true }).inputValue()).toBe(letter.code);
    await eventually(async () => expect(await page.locator('.verify-letter').textContent()).toContain(letter.number));
    await context.close();
  });
});
