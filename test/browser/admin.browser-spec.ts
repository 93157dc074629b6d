import type { Browser, Page } from 'playwright-core';
import { draftLetter, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';
import { eventually, expectNoAxeViolations, expectTapTargets, launchBrowser, loginAs, newContext, screenshot } from './support';

jest.setTimeout(240_000);

const SECTIONS = [
  { slug: 'unit', heading: 'Unit Kerja' },
  { slug: 'jabatan', heading: 'Jabatan' },
  { slug: 'pegawai', heading: 'Pegawai' },
  { slug: 'plt-plh', heading: 'Plt/Plh' },
  { slug: 'penomoran', heading: 'Penomoran' },
  { slug: 'modul', heading: 'Modul Aplikasi' },
  { slug: 'alur-kerja', heading: 'Alur Kerja' },
] as const;

describe('web UI: Admin', () => {
  let t: TestApp;
  let browser: Browser;
  let p: Record<string, string>;
  const personId = async (username: string) => (await t.sql<{ id: string }>('SELECT id FROM person WHERE username = $1', [username]))[0].id;
  const inboxSubjects = async (username: string) =>
    ((await t.http().get('/api/v1/inbox').set('Authorization', `Bearer ${await t.token(username)}`).expect(200)).body.items as { subject: string }[]).map((i) => i.subject);

  async function adminPage(viewport: 'desktop' | 'phone' = 'desktop'): Promise<Page> {
    const context = await newContext(browser, t.baseUrl, viewport);
    const page = await context.newPage();
    await page.goto('/admin');
    await loginAs(page, 'admin');
    return page;
  }

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchBrowser();
    p = await positionIds(t);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an admin creates a position and a Plh delegation that the inbox then honours', async () => {
    const page = await adminPage();
    await page.waitForURL(/\/admin\/unit$/);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: /Admin/ }).waitFor();

    // The position, under the Kepala Bidang Aplikasi Informatika, with a holder.
    await page.getByRole('navigation', { name: 'Bagian admin' }).getByRole('link', { name: 'Jabatan' }).click();
    await page.waitForURL(/\/admin\/jabatan$/);
    const form = page.getByRole('form', { name: 'Tambah jabatan' });
    await form.getByLabel('Nama jabatan').fill('Kepala Seksi Layanan Uji Plh');
    await form.getByLabel('Kode jabatan').fill('KASI-LAYANAN-UJI');
    await form.getByLabel('Unit kerja').selectOption({ label: 'Bidang Aplikasi Informatika' });
    await form.getByLabel('Atasan').selectOption({ label: 'Kepala Bidang Aplikasi Informatika' });
    await form.getByRole('button', { name: 'Tambah jabatan' }).click();
    await page.getByRole('status').filter({ hasText: 'Jabatan Kepala Seksi Layanan Uji Plh ditambahkan.' }).waitFor();
    const [created] = await t.sql<{ id: string; unit_code: string; superior_id: string }>(
      `SELECT p.id, u.code AS unit_code, p.superior_id FROM position p JOIN unit u ON u.id = p.unit_id WHERE p.code = 'KASI-LAYANAN-UJI'`,
    );
    expect(created).toMatchObject({ unit_code: 'Aptika', superior_id: p['KABID-APTIKA'] });

    const card = page.locator('[data-position="KASI-LAYANAN-UJI"]');
    await card.getByLabel('Pemegang baru Kepala Seksi Layanan Uji Plh').selectOption({ label: 'Dewi Kartikasari, S.Kom., M.T.' });
    await card.getByRole('button', { name: 'Tetapkan pemegang Kepala Seksi Layanan Uji Plh' }).click();
    await card.getByText(/Dewi Kartikasari, S\.Kom\., M\.T\. · sejak/).waitFor();
    await expectNoAxeViolations(page, 'admin positions after the new one');

    // A letter waits for the new position's paraf; its holder is away.
    const subject = 'Permohonan Uji Layanan Plh Meja Admin';
    const letter = await draftLetter(t, { subject, reviewers: [{ positionIds: [created.id] }] });
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    expect(await inboxSubjects('kasi.aptika')).not.toContain(subject);

    // The Plh: Rina Marlina acts for the position, from today.
    await page.getByRole('navigation', { name: 'Bagian admin' }).getByRole('link', { name: 'Plt/Plh' }).click();
    await page.waitForURL(/\/admin\/plt-plh$/);
    const delegation = page.getByRole('form', { name: 'Tetapkan Plt/Plh' });
    await delegation.getByLabel(/^Plh/).check();
    await delegation.getByLabel('Jabatan yang dilaksanakan').selectOption(created.id);
    await delegation.getByLabel('Pegawai yang melaksanakan').selectOption(await personId('kasi.aptika'));
    await delegation.getByLabel('Dasar').fill('Surat Perintah Nomor 800/12/2026');
    await delegation.getByRole('button', { name: 'Tetapkan Plt/Plh' }).click();
    await page.getByRole('status').filter({ hasText: 'Plh Rina Marlina, S.Kom. untuk Kepala Seksi Layanan Uji Plh ditetapkan.' }).waitFor();
    const [row] = await t.sql<{ kind: string; active: boolean; reason: string }>(
      `SELECT kind, starts_at <= now() AND ends_at > now() AND revoked_at IS NULL AS active, reason FROM delegation WHERE position_id = $1`,
      [created.id],
    );
    expect(row).toEqual({ kind: 'plh', active: true, reason: 'Surat Perintah Nomor 800/12/2026' });
    await page.locator('[data-delegation]').filter({ hasText: 'Kepala Seksi Layanan Uji Plh' }).waitFor();
    await expectNoAxeViolations(page, 'admin delegations after the Plh');

    // The delegate's inbox: the letter, waiting for the position she stands in for.
    const delegate = await (await newContext(browser, t.baseUrl, 'phone')).newPage();
    await delegate.goto('/kotak-masuk');
    await loginAs(delegate, 'kasi.aptika');
    const item = delegate.getByRole('link', { name: new RegExp(subject) });
    await eventually(async () => {
      await delegate.reload();
      await item.waitFor({ timeout: 2_000 });
    }, 20_000);
    expect(await item.textContent()).toMatch(/sebagai Plh\. .*Kepala Seksi Layanan Uji Plh/);
    await item.click();
    await delegate.getByRole('button', { name: /Setujui/ }).waitFor();
    await delegate.context().close();
    await page.context().close();
  });

  it('a person without the admin role sees no Admin menu, and the page tells them so', async () => {
    const context = await newContext(browser, t.baseUrl);
    const page = await context.newPage();
    await loginAs(page, 'kadis.kominfo');
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: /Beranda/ }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: /Admin/ }).count()).toBe(0);
    await page.goto('/admin/jabatan');
    await page.getByRole('alert').filter({ hasText: 'Halaman ini hanya untuk administrator.' }).waitFor();
    await context.close();
  });

  it('the numbering page previews the next number, the modules page shows keys once, the workflow page draws the diagram', async () => {
    const page = await adminPage();
    await page.goto('/admin/penomoran');
    const format = page.locator('[data-format="surat-keluar"]');
    await format.getByRole('combobox', { name: /^Unit/ }).selectOption({ label: 'Bidang Aplikasi Informatika' });
    await format.getByRole('button', { name: 'Pratinjau nomor berikutnya Surat Dinas' }).click();
    const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(new Date());
    await eventually(async () => expect(await format.locator('output').textContent()).toBe(`000.8.3.3/1/Diskominfo/${year}`));
    // A pattern tried before it is saved.
    await format.getByLabel('Pola nomor Surat Dinas').fill('{klasifikasi}/{nomor:3}/{unit}/{bulan_romawi}/{tahun}');
    await format.getByRole('button', { name: 'Pratinjau nomor berikutnya Surat Dinas' }).click();
    await eventually(async () => expect(await format.locator('output').textContent()).toMatch(new RegExp(`^000\\.8\\.3\\.3/001/Diskominfo/[IVX]+/${year}$`)));
    expect((await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM number_counter'))[0].n).toBe(0);

    await page.goto('/admin/modul');
    const register = page.getByRole('form', { name: 'Daftarkan modul' });
    await register.getByLabel(/Nama modul/).fill('simpeg-uji');
    await register.getByLabel('Keterangan').fill('SIMPEG untuk uji halaman admin');
    await register.getByRole('button', { name: 'Daftarkan modul' }).click();
    const secret = page.getByRole('status').filter({ hasText: 'Rahasia webhook simpeg-uji' }).locator('code');
    await secret.waitFor();
    expect(((await secret.textContent()) ?? '').length).toBeGreaterThanOrEqual(24);
    await page.getByRole('button', { name: 'Terbitkan kunci baru' }).click();
    const key = page.getByRole('status').filter({ hasText: 'Kunci API simpeg-uji' }).locator('code');
    await key.waitFor();
    const keyText = (await key.textContent()) ?? '';
    const [stored] = await t.sql<{ prefix: string }>(`SELECT k.prefix FROM api_key k JOIN module_client m ON m.id = k.module_id WHERE m.name = 'simpeg-uji'`);
    expect(keyText.startsWith(stored.prefix)).toBe(true);
    await page.getByRole('button', { name: `Cabut kunci ${stored.prefix}` }).click();
    await page.getByRole('status').filter({ hasText: `Kunci ${stored.prefix} dicabut.` }).waitFor();
    expect(await page.getByText(keyText).count()).toBe(0);
    expect((await t.sql<{ revoked: boolean }>(`SELECT revoked_at IS NOT NULL AS revoked FROM api_key WHERE prefix = $1`, [stored.prefix]))[0].revoked).toBe(true);

    // Rotating the webhook secret shows the new one, once.
    const firstSecret = (await secret.textContent()) ?? '';
    await page.getByRole('button', { name: 'Ganti rahasia webhook' }).click();
    const shownSecrets = page.getByRole('status').filter({ hasText: 'Rahasia webhook simpeg-uji' }).locator('code');
    await eventually(async () => expect((await shownSecrets.allTextContents()).filter((text) => text !== firstSecret && text.length >= 24)).toHaveLength(1));

    // A webhook no retry delivered: listed, and sent again from the page.
    const approval = await draftLetter(t, { subject: 'Uji webhook gagal terkirim' });
    const [{ id: moduleId }] = await t.sql<{ id: string }>(`SELECT id FROM module_client WHERE name = 'simpeg-uji'`);
    const [{ id: eventId }] = await t.sql<{ id: string }>(
      `INSERT INTO webhook_event (module_id, letter_id, sequence, type, payload, callback_url, status, attempts, last_error, dead_at)
       VALUES ($1, $2, 1, 'approval.approved', '{}', 'https://simpeg.example/callback', 'dead', 8, 'connect ECONNREFUSED', now()) RETURNING id`,
      [moduleId, approval.id],
    );
    await page.reload();
    const resend = page.getByRole('button', { name: 'Kirim ulang approval.approved ke simpeg-uji' });
    await resend.click();
    await page.getByRole('status').filter({ hasText: 'Webhook ke simpeg-uji dijadwalkan kirim ulang.' }).waitFor();
    await eventually(async () => expect(await resend.count()).toBe(0));
    const [event] = await t.sql<{ dead_at: Date | null; last_error: string | null }>('SELECT dead_at, last_error FROM webhook_event WHERE id = $1', [eventId]);
    expect(event.last_error).not.toBe('connect ECONNREFUSED');

    await page.goto('/admin/alur-kerja');
    await page.getByRole('combobox', { name: /^Alur kerja/ }).selectOption('surat-keluar');
    const diagram = page.getByRole('img', { name: /Diagram alur kerja/ });
    await diagram.waitFor();
    const listed = (await t.http().get('/api/v1/admin/workflows').set('Authorization', `Bearer ${await t.token('admin')}`).expect(200)).body as { key: string; stateCount: number }[];
    const states = listed.find((w) => w.key === 'surat-keluar')!.stateCount;
    expect(await page.locator('[data-state]').count()).toBe(states);
    await page.locator('[data-state="draft"]').getByText('Konsep').waitFor();
    await page.context().close();
  });

  it.each(['desktop', 'phone'] as const)('every admin page passes axe-core (%s)', async (viewport) => {
    const page = await adminPage(viewport);
    for (const section of SECTIONS) {
      await page.goto(`/admin/${section.slug}`);
      await page.getByRole('heading', { level: 2, name: section.heading }).waitFor();
      await page.getByRole('status').filter({ hasText: 'Memuat' }).waitFor({ state: 'detached' });
      await expectNoAxeViolations(page, `admin ${section.slug} (${viewport})`);
      if (viewport === 'phone') {
        await expectTapTargets(page, `admin ${section.slug} (phone)`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
        await screenshot(page, __filename, `admin-${section.slug}-${viewport}`);
      }
    }
    await page.context().close();
  });
});
