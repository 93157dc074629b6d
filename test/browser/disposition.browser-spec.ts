import type { Browser, BrowserContext, Page } from 'playwright-core';
import { registerIncoming, scannedPdf } from '../factories/correspondence.factory';
import { draftLetter, positionIds } from '../factories/letters.factory';
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

const KADIS = 'Kepala Dinas Komunikasi dan Informatika';
const KABID = 'Kepala Bidang Aplikasi Informatika';
const SEKDIS = 'Sekretaris Dinas Komunikasi dan Informatika';
const KASI = 'Kepala Seksi Pengembangan Aplikasi';

/** A WIB calendar day (YYYY-MM-DD), `offsetDays` from today. */
const wibDay = (offsetDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + offsetDays * 86400_000));

describe('web UI: Disposisi on an incoming letter', () => {
  let t: TestApp;
  let browser: Browser;
  let p: Record<string, string>;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchBrowser();
    p = await positionIds(t);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  async function openAs(username: string, path: string, viewport: ViewportName): Promise<Page> {
    const context = await newContext(browser, t.baseUrl, viewport);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(path);
    await loginAs(page, username);
    await page.getByRole('heading', { level: 2, name: 'Disposisi' }).waitFor();
    return page;
  }

  /** The card of the disposition to `to` (its heading starts with the recipient's jabatan). */
  const item = (page: Page, to: string) => page.getByRole('article', { name: new RegExp(`^${to} dari`) });

  it.each(['desktop', 'phone'] as const)(
    'the Kepala Dinas disposes to two, recalls one unread; the Kabid disposes further with the inherited deadline; the Kasi reports with a file and finishes; the tree shows read, reported and late (%s)',
    async (viewport: ViewportName) => {
      const letter = await registerIncoming(t, { subject: `Permohonan narasumber Satu Data (${viewport})` });
      const path = `/surat/${letter.id}`;

      // Kepala Dinas: the addressee.
      const kadis = await openAs('kadis.kominfo', path, viewport);
      await kadis.getByText('Belum ada disposisi.').waitFor();
      await axe(kadis, `letter without dispositions (${viewport})`);
      await kadis.getByRole('button', { name: 'Disposisikan', exact: true }).click();
      const form = kadis.getByRole('form', { name: 'Disposisi baru' });
      await form.getByRole('checkbox', { name: new RegExp(KABID) }).waitFor();
      // Only positions below the Kepala Dinas are offered.
      expect(await form.getByRole('checkbox', { name: /Kepala Dinas Kesehatan/ }).count()).toBe(0);
      expect(await form.getByRole('checkbox', { name: /Sekretaris Daerah/ }).count()).toBe(0);
      await form.getByRole('button', { name: 'Kirim Disposisi' }).click();
      await form.getByText('Pilih minimal satu penerima disposisi.').waitFor();
      await form.getByLabel('Batas waktu').fill(wibDay(-2));
      await form.getByRole('checkbox', { name: new RegExp(KABID) }).check();
      await form.getByRole('button', { name: 'Kirim Disposisi' }).click();
      await form.getByText('Batas waktu tidak boleh sebelum hari ini.').waitFor();
      expect(await t.sql('SELECT count(*)::int AS n FROM disposition WHERE letter_id = $1', [letter.id])).toEqual([{ n: 0 }]);

      await form.getByRole('checkbox', { name: new RegExp(SEKDIS) }).check();
      await form.getByRole('group', { name: 'Instruksi' }).getByRole('checkbox', { name: 'Tanggapi dan saran' }).check();
      await form.getByRole('group', { name: 'Instruksi' }).getByRole('checkbox', { name: 'Koordinasikan' }).check();
      await form.getByLabel('Catatan').fill('Mohon disiapkan narasumber dan bahan paparan.');
      const due = wibDay(5);
      await form.getByLabel('Batas waktu').fill(due);
      await axe(kadis, `disposition form (${viewport})`);
      if (viewport === 'phone') await expectTapTargets(kadis, 'disposition form (phone)');
      await screenshot(kadis, __filename, `form-${viewport}`);
      await form.getByRole('button', { name: 'Kirim Disposisi' }).click();
      await kadis.getByRole('status').filter({ hasText: 'Disposisi terkirim.' }).waitFor();
      await item(kadis, KABID).getByText('Belum dibaca').waitFor();
      await item(kadis, SEKDIS).getByText('Belum dibaca').waitFor();
      expect(await item(kadis, KABID).textContent()).toContain('Tanggapi dan saran, Koordinasikan');
      expect(await item(kadis, KABID).textContent()).toContain('Mohon disiapkan narasumber dan bahan paparan.');
      const rows = await t.sql(`SELECT to_position_id, instructions, due_at FROM disposition WHERE letter_id = $1 ORDER BY to_position_id`, [letter.id]);
      expect(rows.map((r) => r.to_position_id).sort()).toEqual([p['KABID-APTIKA'], p['SEKDIS-KOMINFO']].sort());
      for (const r of rows) {
        expect(r.instructions).toEqual(['tanggapi', 'koordinasikan']);
        expect(r.due_at.toISOString()).toBe(new Date(`${due}T23:59:59+07:00`).toISOString());
      }

      // Recalled while the Sekretaris has not read it.
      await item(kadis, SEKDIS).getByRole('button', { name: 'Tarik kembali' }).click();
      await kadis.getByRole('status').filter({ hasText: 'Disposisi ditarik kembali.' }).waitFor();
      await item(kadis, SEKDIS).getByText(/^Ditarik kembali \d/).waitFor();
      expect(await item(kadis, SEKDIS).getByRole('button', { name: 'Tarik kembali' }).count()).toBe(0);

      // Kepala Bidang: opening the letter is the read receipt; he disposes further down, within his deadline.
      const kabid = await openAs('kabid.aptika', path, viewport);
      await item(kabid, KABID).getByText(/^Dibaca \d/).waitFor();
      expect(await kabid.getByRole('article', { name: new RegExp(`^${SEKDIS}`) }).count()).toBe(0);
      await item(kabid, KABID).getByRole('button', { name: /Disposisikan lebih lanjut/ }).click();
      const further = kabid.getByRole('form', { name: /Disposisi lanjutan/ });
      await further.getByRole('checkbox', { name: new RegExp(KASI) }).waitFor();
      expect(await further.getByRole('checkbox', { name: new RegExp(SEKDIS) }).count()).toBe(0);
      expect(await further.getByLabel('Batas waktu').inputValue()).toBe(due);
      await further.getByText(/Mengikuti batas waktu disposisi yang Anda terima/).waitFor();
      await further.getByLabel('Batas waktu').fill(wibDay(9));
      await further.getByRole('checkbox', { name: new RegExp(KASI) }).check();
      await further.getByRole('button', { name: 'Kirim Disposisi' }).click();
      await further.getByText(/Batas waktu tidak boleh melewati/).waitFor();
      await further.getByLabel('Batas waktu').fill(due);
      await further.getByRole('group', { name: 'Instruksi' }).getByRole('checkbox', { name: 'Siapkan bahan' }).check();
      await axe(kabid, `further disposition form (${viewport})`);
      await further.getByRole('button', { name: 'Kirim Disposisi' }).click();
      await kabid.getByRole('status').filter({ hasText: 'Disposisi terkirim.' }).waitFor();
      await item(kabid, KASI).waitFor();
      const [child] = await t.sql(`SELECT d.due_at, p.due_at AS parent_due FROM disposition d JOIN disposition p ON p.id = d.parent_id WHERE d.letter_id = $1`, [letter.id]);
      expect(child.due_at.toISOString()).toBe(child.parent_due.toISOString());

      // Kepala Seksi: reports with a file, then marks it done.
      const kasi = await openAs('kasi.aptika', path, viewport);
      await item(kasi, KASI).getByRole('button', { name: 'Laporkan' }).click();
      const report = kasi.getByRole('form', { name: 'Laporan tindak lanjut' });
      await report.getByRole('button', { name: 'Kirim Laporan' }).click();
      await report.getByText('Tulis laporan (minimal 3 huruf).').waitFor();
      await report.getByLabel('Isi laporan').fill('Narasumber siap; bahan paparan terlampir.');
      await report.getByLabel(/Lampiran laporan/).setInputFiles({ name: 'paparan.pdf', mimeType: 'application/pdf', buffer: await scannedPdf('Bahan paparan Satu Data') });
      await axe(kasi, `report form (${viewport})`);
      if (viewport === 'phone') await expectTapTargets(kasi, 'report form (phone)');
      await report.getByRole('button', { name: 'Kirim Laporan' }).click();
      await kasi.getByRole('status').filter({ hasText: 'Laporan terkirim.' }).waitFor();
      await item(kasi, KASI).getByText(/^Dilaporkan \d/).waitFor();
      await item(kasi, KASI).getByRole('button', { name: 'Selesai' }).click();
      await kasi.getByRole('status').filter({ hasText: 'Disposisi ditandai selesai.' }).waitFor();
      await item(kasi, KASI).getByText(/^Selesai \d/).waitFor();

      // The Kabid's own branch runs past its deadline.
      await t.sql(`UPDATE disposition SET due_at = now() - interval '1 hour' WHERE letter_id = $1 AND to_position_id = $2`, [letter.id, p['KABID-APTIKA']]);

      // The addressee's tree: who read, who reported, who is late, what was recalled.
      await kadis.reload();
      await kadis.getByRole('heading', { level: 2, name: 'Disposisi' }).waitFor();
      const kabidCard = item(kadis, KABID);
      await kabidCard.getByText(/^Dibaca \d/).waitFor();
      await kabidCard.getByText('Terlambat').waitFor();
      const kasiCard = item(kadis, KASI);
      await kasiCard.getByText(/^Selesai \d/).waitFor();
      expect(await kasiCard.textContent()).toContain('Narasumber siap; bahan paparan terlampir.');
      expect(await kasiCard.getByText('Terlambat').count()).toBe(0);
      await item(kadis, SEKDIS).getByText(/^Ditarik kembali/).waitFor();
      // The Kasi's branch hangs under the Kabid's.
      expect(await kadis.locator('.disposition-tree > li').filter({ has: kabidCard }).locator('ul').getByRole('article', { name: new RegExp(`^${KASI}`) }).count()).toBe(1);
      const [download] = await Promise.all([kadis.waitForEvent('download'), kasiCard.getByRole('link', { name: /Unduh lampiran laporan/ }).click()]);
      expect(download.suggestedFilename()).toBe('laporan-disposisi.pdf');
      await axe(kadis, `disposition tree (${viewport})`);
      if (viewport === 'phone') await expectTapTargets(kadis, 'disposition tree (phone)');
      await screenshot(kadis, __filename, `tree-${viewport}`);
      await eventually(async () => expect((await t.sql('SELECT state FROM letter WHERE id = $1', [letter.id]))[0].state).toBe('disposed'));
    },
  );

  it('disposes by keyboard alone: focus lands in the form, every control is reached with Tab', async () => {
    const letter = await registerIncoming(t, { subject: 'Disposisi dengan papan ketik' });
    const page = await openAs('kadis.kominfo', `/surat/${letter.id}`, 'desktop');
    await page.getByRole('button', { name: 'Disposisikan', exact: true }).focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Disposisi baru' });
    await form.getByRole('checkbox', { name: new RegExp(KABID) }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Disposisi baru');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement?.closest('label') as HTMLElement | null)?.innerText)).toMatch(new RegExp(`^${KABID}`));
    await page.keyboard.press('Space');
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    for (let i = 0; i < 40 && (await focused()) !== 'Kirim Disposisi'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('Kirim Disposisi');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Disposisi terkirim.' }).waitFor();
    expect(await t.sql('SELECT to_position_id FROM disposition WHERE letter_id = $1', [letter.id])).toEqual([{ to_position_id: p['KABID-APTIKA'] }]);
  });

  it('shows nothing of the disposition section on an outgoing letter', async () => {
    const draft = await draftLetter(t, { subject: 'Surat keluar tanpa disposisi' });
    const context = await newContext(browser, t.baseUrl);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`/surat/${draft.id}`);
    await loginAs(page, 'staf.kominfo');
    await page.getByRole('heading', { level: 1 }).waitFor();
    // The section asks the API, which says it is no incoming letter, and then stays away.
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('heading', { level: 2, name: 'Disposisi' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Disposisikan' }).count()).toBe(0);
  });
});
