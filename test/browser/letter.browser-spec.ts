import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PdfTools, pdfsigValidations } from '../../src/documents/__fixtures__/pdf-tools';
import { DEMO_SIGNING_PASSPHRASE } from '../../src/seeds/demo-city';
import { registerIncoming } from '../factories/correspondence.factory';
import { downloadDocument, draftLetter, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';
import { eventually, expectNoAxeViolations, expectTapTargets, launchBrowser, loginAs, newContext, screenshot, type ViewportName } from './support';

jest.setTimeout(180_000);

/**
 * The letter page (UI.md journeys 2 and 3): the PDF, the facts, the history in words and the
 * actions the caller may take now, at a desktop and a 360x740 phone, against the real server.
 */
describe('web UI: the letter page', () => {
  let t: TestApp;
  let browser: Browser;
  let p: Record<string, string>;
  const tools = new PdfTools();
  let nssDb: string;

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchBrowser();
    p = await positionIds(t);
    const [ca] = await t.sql<{ certificate_pem: string }>('SELECT certificate_pem FROM deployment_ca');
    nssDb = tools.nssDbTrusting([ca.certificate_pem]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    tools.cleanup();
  });

  /** A surat dinas of staf.kominfo, submitted: it waits for the reviewers' paraf. */
  async function inReview(subject: string, options: Parameters<typeof draftLetter>[1] = {}): Promise<string> {
    const letter = await draftLetter(t, { subject, reviewers: [{ positionIds: [p['KASI-APTIKA']] }], signers: [{ positionIds: [p['KADIS-KOMINFO']] }], ...options });
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    return letter.id;
  }

  async function stateOf(id: string): Promise<string> {
    return (await t.sql<{ state: string }>('SELECT state FROM letter WHERE id = $1', [id]))[0].state;
  }

  /** A logged-in page, recording what the CSP refused (pdf.js and its worker must run without eval or inline code). */
  async function open(username: string, viewport: ViewportName, letterId: string, fromInbox?: { subject: string }): Promise<{ context: BrowserContext; page: Page; refused: string[] }> {
    const context = await newContext(browser, t.baseUrl, viewport);
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(fromInbox ? '/kotak-masuk' : `/surat/${letterId}`);
    await loginAs(page, username);
    // From the inbox, the item itself is the first tap.
    if (fromInbox) await page.getByRole('link', { name: new RegExp(fromInbox.subject.replace(/[()]/g, '\\$&')) }).click();
    await page.waitForURL(new RegExp(`/surat/${letterId}$`));
    await page.getByRole('heading', { level: 1 }).waitFor();
    return { context, page, refused };
  }

  /** The PDF viewer drew its first page. */
  async function pdfDrawn(page: Page): Promise<void> {
    await page.getByRole('img', { name: /Halaman 1 dari/ }).waitFor();
    await eventually(async () => expect(await page.locator('canvas.pdf-page').first().evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(100));
  }

  it.each(['desktop', 'phone'] as const)('a reviewer approves (Setujui) in at most three taps from the inbox, the action bar in view over the PDF (%s)', async (viewport) => {
    const subject = `Permohonan Data Layanan (${viewport})`;
    const id = await inReview(subject);
    const { context, page, refused } = await open('kasi.aptika', viewport, id, { subject });
    // Tap 1 was the inbox item, which open() tapped.
    let taps = 1;
    await page.getByRole('heading', { level: 1, name: subject }).waitFor();
    await pdfDrawn(page);
    // The facts in words, the state as its workflow names it.
    const facts = page.getByRole('region', { name: 'Keterangan Surat' });
    await facts.getByText('Pemeriksaan (paraf berjenjang)').waitFor();
    await facts.getByText('Segera', { exact: true }).waitFor();
    await facts.getByText('Kepala Dinas Kesehatan').waitFor();
    await facts.getByText('Sekretaris Daerah').waitFor();
    await facts.getByText('Belum bernomor').waitFor();
    // Exactly the caller's actions now: paraf, return, reject; nothing else.
    const bar = page.getByRole('group', { name: 'Tindakan atas surat ini' });
    expect(await bar.getByRole('button').allTextContents()).toEqual(['Setujui', 'Kembalikan', 'Tolak']);

    if (viewport === 'phone') {
      // The canvas fits the phone's width, and the bar stays on screen while the PDF scrolls by.
      const canvasWidth = await page.locator('canvas.pdf-page').first().evaluate((c) => c.getBoundingClientRect().width);
      expect(canvasWidth).toBeLessThanOrEqual(360);
      await page.mouse.wheel(0, 500);
      const box = await bar.boundingBox();
      expect(box && box.y + box.height).toBeLessThanOrEqual(740);
      expect(box && box.y).toBeGreaterThan(600);
      await expectTapTargets(page, 'letter page (phone)');
    }
    await expectNoAxeViolations(page, `letter page in review (${viewport})`);
    await screenshot(page, __filename, `review-${viewport}`);

    await bar.getByRole('button', { name: /Setujui/ }).click();
    taps++;
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: /Setujui/ }).waitFor();
    await expectNoAxeViolations(page, `approve dialog (${viewport})`);
    await screenshot(page, __filename, `approve-dialog-${viewport}`);
    await dialog.getByRole('button', { name: /Setujui/ }).click();
    taps++;
    await page.getByRole('status').filter({ hasText: 'Surat telah Anda setujui (paraf).' }).waitFor();
    expect(taps).toBeLessThanOrEqual(3);
    expect(await stateOf(id)).toBe('awaiting_signature');
    // The history in words, and no action left for the reviewer.
    await page.getByText(/^Kepala Seksi Pengembangan Aplikasi memaraf, \d{1,2} \w{3} \d{4} \d{2}\.\d{2}$/).waitFor();
    expect(await page.getByRole('group', { name: 'Tindakan atas surat ini' }).count()).toBe(0);
    expect(refused).toEqual([]);
    await context.close();
  });

  it('a reviewer returns with a note (required, explained next to the field); the drafter sees it and the way to revise', async () => {
    const id = await inReview('Undangan Rapat Koordinasi SPBE');
    const { context, page } = await open('kasi.aptika', 'desktop', id);
    await page.getByRole('group', { name: 'Tindakan atas surat ini' }).getByRole('button', { name: /Kembalikan/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /Kembalikan/ }).click();
    await dialog.getByText('Catatan wajib diisi: tuliskan apa yang perlu diperbaiki.').waitFor();
    expect(await dialog.getByLabel(/Catatan/).getAttribute('aria-invalid')).toBe('true');
    expect(await stateOf(id)).toBe('review');
    await expectNoAxeViolations(page, 'return dialog with an error');
    await dialog.getByLabel(/Catatan/).fill('Mohon lengkapi jadwal rapat pada paragraf kedua.');
    await screenshot(page, __filename, 'return-dialog');
    await dialog.getByRole('button', { name: /Kembalikan/ }).click();
    await page.getByRole('status').filter({ hasText: 'Surat telah dikembalikan ke konseptor.' }).waitFor();
    expect(await stateOf(id)).toBe('returned');
    await page.getByText(/^Kepala Seksi Pengembangan Aplikasi mengembalikan untuk diperbaiki, /).waitFor();
    await context.close();

    const drafter = await open('staf.kominfo', 'phone', id);
    await drafter.page.getByText('Mohon lengkapi jadwal rapat pada paragraf kedua.').first().waitFor();
    expect(await drafter.page.getByRole('link', { name: 'Perbaiki Konsep' }).getAttribute('href')).toBe(`/konsep/${id}`);
    await expectNoAxeViolations(drafter.page, 'returned letter for its drafter (phone)');
    await expectTapTargets(drafter.page, 'returned letter (phone)');
    await screenshot(drafter.page, __filename, 'returned-drafter');
    await drafter.context.close();
  });

  it('works by keyboard alone: a reviewer returns a letter with a note', async () => {
    const id = await inReview('Permohonan Narasumber Literasi Digital');
    const { context, page } = await open('kasi.aptika', 'desktop', id);
    await pdfDrawn(page);
    const focused = () => page.evaluate(() => (document.activeElement?.textContent ?? '').trim());
    for (let i = 0; i < 40 && (await focused()) !== 'Kembalikan'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('Kembalikan');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Catatan/).waitFor();
    // The note field has the focus as the dialog opens.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.type('Lampiran jadwal belum ada.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Kembalikan');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Surat telah dikembalikan ke konseptor.' }).waitFor();
    expect(await stateOf(id)).toBe('returned');
    expect((await t.sql<{ comment: string }>(`SELECT comment FROM letter_history WHERE letter_id = $1 AND event = 'return'`, [id]))[0].comment).toBe('Lampiran jadwal belum ada.');
    await context.close();
  });

  it.each(['phone', 'desktop'] as const)('the signer signs: a wrong passphrase is explained in words, the right one shows the signed PDF with its number, valid for pdfsig (%s)', async (viewport) => {
    const subject = `Pemberitahuan Pemeliharaan Jaringan (${viewport})`;
    const id = await inReview(subject);
    expect((await fire(t, id, 'kasi.aptika', 'approve')).status).toBe(200);
    // From the inbox: the item (tap 1), Tanda Tangani (tap 2), the passphrase, then confirm (tap 3).
    const { context, page, refused } = await open('kadis.kominfo', viewport, id, { subject });
    await pdfDrawn(page);
    await page.getByRole('group', { name: 'Tindakan atas surat ini' }).getByRole('button', { name: /Tanda Tangani/ }).click();
    const dialog = page.getByRole('dialog');
    const passphrase = dialog.getByLabel(/Passphrase/);
    expect(await passphrase.getAttribute('type')).toBe('password');
    expect(await passphrase.getAttribute('autocomplete')).toBe('current-password');
    await passphrase.fill('Salah#2026');
    await dialog.getByRole('button', { name: /Tanda Tangani/ }).click();
    await dialog.getByText(/^Passphrase salah\. Sisa \d kali percobaan sebelum tanda tangan Anda dikunci sementara\.$/).waitFor();
    // The passphrase is not kept once sent.
    expect(await passphrase.inputValue()).toBe('');
    expect(await stateOf(id)).toBe('awaiting_signature');
    await expectNoAxeViolations(page, `sign dialog with a wrong passphrase (${viewport})`);
    await screenshot(page, __filename, `sign-wrong-${viewport}`);

    await passphrase.fill(DEMO_SIGNING_PASSPHRASE);
    await dialog.getByRole('button', { name: /Tanda Tangani/ }).click();
    const notice = page.getByRole('status').filter({ hasText: /^Surat telah ditandatangani dengan nomor / });
    await notice.waitFor({ timeout: 60_000 });
    const [{ number }] = await t.sql<{ number: string }>('SELECT number FROM letter WHERE id = $1', [id]);
    expect(number).toMatch(/^000\.8\.3\.3\/\d+\/Diskominfo\/\d{4}$/);
    expect(await notice.textContent()).toBe(`Surat telah ditandatangani dengan nomor ${number}.`);
    await page.getByRole('region', { name: 'Keterangan Surat' }).getByText(number, { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Keterangan Surat' }).getByText('Ditandatangani', { exact: true }).waitFor();
    await pdfDrawn(page);
    await page.getByText(/^Kepala Dinas Komunikasi dan Informatika menandatangani, /).waitFor();
    // The PDF shown is the signed one: its download is named after the number (the bytes are the API's, checked below).
    expect(await page.getByRole('link', { name: 'Unduh PDF' }).getAttribute('download')).toBe(`${number.replace(/\//g, '-')} Pemberitahuan Pemeliharaan Jaringan (${viewport}).pdf`);
    const signed = await downloadDocument(t, id);
    expect(pdfsigValidations(tools.pdfsig(signed, nssDb))).toEqual(['Signature is Valid.']);
    expect(tools.pdftotext(signed)).toContain(number);
    await expectNoAxeViolations(page, `signed letter (${viewport})`);
    await screenshot(page, __filename, `signed-${viewport}`);
    expect(refused).toEqual([]);
    await context.close();
  });

  it('a stale version (someone acted first) is explained, the page reloads and the note is kept', async () => {
    // Kasi and Kabid both paraf one step (mode all): Kabid acts over the API while Kasi's page is open.
    const id = await inReview('Laporan Evaluasi SPBE Triwulan IV', { reviewers: [{ positionIds: [p['KASI-APTIKA'], p['KABID-APTIKA']], mode: 'all' }] });
    const { context, page } = await open('kasi.aptika', 'desktop', id);
    await page.getByRole('group', { name: 'Tindakan atas surat ini' }).getByRole('button', { name: /Setujui/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Catatan/).fill('Sudah sesuai dengan hasil rapat.');
    expect((await fire(t, id, 'kabid.aptika', 'approve')).status).toBe(200);
    await dialog.getByRole('button', { name: /Setujui/ }).click();
    await dialog.getByText(/^Surat ini baru saja diubah oleh orang lain, jadi halaman dimuat ulang\./).waitFor();
    expect(await dialog.getByLabel(/Catatan/).inputValue()).toBe('Sudah sesuai dengan hasil rapat.');
    // The reloaded page shows what happened meanwhile.
    await page.getByText(/^Kepala Bidang Aplikasi Informatika memaraf, /).waitFor();
    await expectNoAxeViolations(page, 'stale version explained');
    await screenshot(page, __filename, 'stale-version');
    await dialog.getByRole('button', { name: /Setujui/ }).click();
    await page.getByRole('status').filter({ hasText: 'Surat telah Anda setujui (paraf).' }).waitFor();
    expect(await stateOf(id)).toBe('awaiting_signature');
    const history = await t.sql<{ comment: string | null }>(`SELECT comment FROM letter_history WHERE letter_id = $1 AND event = 'approve' ORDER BY seq`, [id]);
    expect(history.map((h) => h.comment)).toEqual([null, 'Sudah sesuai dengan hasil rapat.']);
    await context.close();
  });

  it.each(['desktop', 'phone'] as const)('TU sends (Kirim) and files (Arsipkan) a signed letter of its unit (%s)', async (viewport) => {
    const id = await inReview(`Penyampaian Laporan Kinerja (${viewport})`);
    expect((await fire(t, id, 'kasi.aptika', 'approve')).status).toBe(200);
    expect((await fire(t, id, 'kadis.kominfo', 'sign')).status).toBe(200);
    const { context, page } = await open('tu.kominfo', viewport, id);
    const bar = page.getByRole('group', { name: 'Tindakan atas surat ini' });
    expect(await bar.getByRole('button').allTextContents()).toEqual(['Kirim']);
    await expectNoAxeViolations(page, `signed letter for TU (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'signed letter for TU (phone)');
    await bar.getByRole('button', { name: /Kirim/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /Kirim/ }).click();
    await page.getByRole('status').filter({ hasText: 'Surat telah dikirim.' }).waitFor();
    expect(await stateOf(id)).toBe('sent');
    await page.getByRole('region', { name: 'Keterangan Surat' }).getByText('Terkirim', { exact: true }).waitFor();
    await page.getByRole('group', { name: 'Tindakan atas surat ini' }).getByRole('button', { name: /Arsipkan/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /Arsipkan/ }).click();
    await page.getByRole('status').filter({ hasText: 'Surat telah diarsipkan.' }).waitFor();
    expect(await stateOf(id)).toBe('filed');
    // TU acts by its role, not for a position on the route: the history names the person.
    await page.getByText(/^Wahyu Hidayat mengarsipkan, /).waitFor();
    await screenshot(page, __filename, `filed-${viewport}`);
    await context.close();
  });

  it.each(['desktop', 'phone'] as const)('an incoming letter shows its scan, its agenda number and its sender (%s)', async (viewport) => {
    const letter = await registerIncoming(t, { subject: `Permintaan Data SPBE (${viewport})`, senderName: 'Kementerian Komunikasi dan Digital', senderNumber: `B-77/KOMDIGI/${viewport}/2026`, senderDate: '2026-11-02' });
    const { context, page, refused } = await open('kadis.kominfo', viewport, letter.id);
    await page.getByRole('heading', { level: 1, name: `Permintaan Data SPBE (${viewport})` }).waitFor();
    await pdfDrawn(page);
    const facts = page.getByRole('region', { name: 'Keterangan Surat' });
    await facts.getByText('Kementerian Komunikasi dan Digital').waitFor();
    await facts.getByText(`B-77/KOMDIGI/${viewport}/2026`).waitFor();
    await facts.getByText('2 November 2026').waitFor();
    await facts.getByText(letter.body.incoming.agendaNumber, { exact: true }).waitFor();
    await facts.getByText('Diagendakan, menunggu disposisi').waitFor();
    await page.getByText(/^Pengadministrasi Umum mencatat surat masuk, /).waitFor();
    // The scan's text, read by the ocr queue after the page first showed it waiting: the line follows it.
    await facts.getByText('Teks dapat dicari (lapisan teks PDF)').waitFor({ timeout: 60_000 });
    await expectNoAxeViolations(page, `incoming letter (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'incoming letter (phone)');
    await screenshot(page, __filename, `incoming-${viewport}`);
    expect(refused).toEqual([]);
    await context.close();
  });

  it.each(['desktop', 'phone'] as const)('a Rahasia letter is a plain "not found" page for a non-participant, with nothing of it shown (%s)', async (viewport) => {
    const subject = `Hasil Audit Keamanan Rahasia (${viewport})`;
    const id = await inReview(subject, { sifat: 'rahasia' });
    const { context, page } = await open('walikota', viewport, id);
    await page.getByRole('heading', { level: 1, name: 'Surat tidak ditemukan' }).waitFor();
    const text = await page.locator('body').innerText();
    expect(text).not.toContain('Hasil Audit');
    expect(text).not.toContain('Rahasia');
    expect(await page.title()).not.toContain('Hasil Audit');
    await expectNoAxeViolations(page, `letter not found (${viewport})`);
    await screenshot(page, __filename, `not-found-${viewport}`);
    await context.close();
    // The reviewer on its route does see it, marked Rahasia.
    const reviewer = await open('kasi.aptika', viewport, id);
    await reviewer.page.getByRole('heading', { level: 1, name: subject }).waitFor();
    await reviewer.page.getByRole('region', { name: 'Keterangan Surat' }).getByText('Rahasia', { exact: true }).waitFor();
    await reviewer.context.close();
  });
});
