import type { Browser, Page } from 'playwright-core';
import { registerIncoming } from '../factories/correspondence.factory';
import { draftLetter, eventually as until, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';
import { eventually, expectNoAxeViolations, expectTapTargets, launchBrowser, loginAs, newContext, screenshot } from './support';

jest.setTimeout(300_000);

/**
 * Pencarian and Arsip in headless Chromium against the real server: a search with a word form,
 * a facet and the letter one tap away; an archivist filing letters from the results into a
 * berkas; a disposal list from the due berkas to the signed berita acara on the letter's page.
 */
describe('web UI: Pencarian and Arsip', () => {
  let t: TestApp;
  let browser: Browser;
  let p: Record<string, string>;
  const ids: Record<string, string> = {};

  /** Drafted by staf.kominfo, initialled by the Kasi, signed by the Kepala Dinas. */
  async function signedLetter(subject: string, type: 'surat-keluar' | 'nota-dinas' = 'surat-keluar'): Promise<string> {
    const letter = await draftLetter(t, { type, subject, reviewers: [{ positionIds: [p['KASI-APTIKA']] }], signers: [{ positionIds: [p['KADIS-KOMINFO']] }] });
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    expect((await fire(t, letter.id, 'kasi.aptika', 'approve')).status).toBe(200);
    expect((await fire(t, letter.id, 'kadis.kominfo', 'sign')).status).toBe(200);
    return letter.id;
  }

  /** Waits until the index holds these letters in their current state. */
  const indexed = (letterIds: string[]) =>
    until(async () => {
      const rows = await t.sql<{ n: number }>(
        'SELECT count(*)::int AS n FROM letter_search s JOIN letter l ON l.id = s.letter_id WHERE s.letter_id = ANY($1::uuid[]) AND s.state = l.state',
        [letterIds],
      );
      return rows[0].n === letterIds.length;
    }, 60_000);

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchBrowser();
    p = await positionIds(t);
    ids.statistik = await signedLetter('Permohonan Data Statistik Sektoral');
    ids.jaringan = await signedLetter('Permohonan Dukungan Jaringan Kantor');
    ids.aula = (await draftLetter(t, { type: 'nota-dinas', subject: 'Memohon Izin Penggunaan Aula' })).id;
    // Someone else's Rahasia letter that staf.kominfo takes no part in.
    ids.rahasia = (await draftLetter(t, { subject: 'Permohonan Pemeriksaan Khusus Rahasia', sifat: 'rahasia', reviewers: [{ positionIds: [p['KABID-APTIKA']] }] }, 'kasi.aptika')).id;
    await indexed(Object.values(ids));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const results = (page: Page) => page.locator('.search-list > li');

  it.each(['desktop', 'phone'] as const)('finds letters by another form of a word, narrows by a facet, explains a query of stop words, and opens the letter (%s)', async (viewport) => {
    const context = await newContext(browser, t.baseUrl, viewport);
    const page = await context.newPage();
    await page.goto('/pencarian');
    await loginAs(page, 'staf.kominfo');
    await page.getByRole('heading', { level: 1, name: 'Pencarian' }).waitFor();
    // No words yet: help and examples, not an empty screen.
    await page.getByText('Contoh yang bisa dicoba:').waitFor();
    await expectNoAxeViolations(page, `search, empty (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'search, empty (phone)');

    // "dimohon" is neither form written in the subjects: the stem finds Permohonan and Memohon.
    await page.getByLabel(/Cari kata/).fill('dimohon');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await page.waitForURL(/q=dimohon/);
    await page.getByRole('status').filter({ hasText: '3 surat ditemukan' }).waitFor();
    expect(await page.content()).not.toContain('Pemeriksaan Khusus');
    const statistik = results(page).filter({ hasText: 'Permohonan Data Statistik Sektoral' });
    const text = (await statistik.textContent()) ?? '';
    // Words, not enums: the type, the sifat and the state as people say them.
    for (const expected of ['Surat Keluar', 'Biasa', 'Ditandatangani']) expect(text).toContain(expected);
    expect(text).not.toMatch(/surat-keluar|signed\b/);
    // Only archivists and TU file letters: no ticks for staf.
    expect(await page.getByRole('checkbox').count()).toBe(0);
    await expectNoAxeViolations(page, `search results (${viewport})`);
    if (viewport === 'phone') await expectTapTargets(page, 'search results (phone)');
    await screenshot(page, __filename, `search-results-${viewport}`);

    // A facet narrows down, in the address; its chip takes it away again. On a phone the facets are folded under the results' count.
    if (viewport === 'phone') await page.getByText('Persempit hasil').click();
    await page.getByRole('group', { name: 'Jenis naskah' }).getByRole('button', { name: /Nota Dinas/ }).click();
    await page.waitForURL(/jenis=nota-dinas/);
    await eventually(async () => expect(await results(page).count()).toBe(1));
    expect(await results(page).first().textContent()).toContain('Memohon Izin Penggunaan Aula');
    await page.getByRole('button', { name: /Jenis naskah: Nota Dinas/ }).click();
    await page.waitForURL((url) => !url.search.includes('jenis='));
    await eventually(async () => expect(await results(page).count()).toBe(3));

    // Sorted by date, then the address restores the same search after a reload.
    await page.getByLabel('Urutkan').selectOption('newest');
    await page.waitForURL(/urut=newest/);
    await page.reload();
    await page.getByRole('status').filter({ hasText: '3 surat ditemukan' }).waitFor();
    expect(await page.getByLabel(/Cari kata/).inputValue()).toBe('dimohon');

    // Only stop words: said in words, with what to do.
    await page.getByLabel(/Cari kata/).fill('dan yang untuk');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'kata umum' }).waitFor();
    await expectNoAxeViolations(page, `search, stop words (${viewport})`);
    await screenshot(page, __filename, `search-stop-words-${viewport}`);

    // One tap from a result to the letter.
    await page.getByLabel(/Cari kata/).fill('jaringan');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    // The word as written is marked in the snippet, rendered as a <mark> element, never as markup text.
    const hit = results(page).filter({ hasText: 'Permohonan Dukungan Jaringan Kantor' });
    expect(await hit.locator('.search-snippet mark').first().textContent()).toBe('Jaringan');
    expect(await hit.textContent()).not.toContain('<mark>');
    await page.getByRole('link', { name: 'Permohonan Dukungan Jaringan Kantor' }).click();
    await page.waitForURL(new RegExp(`/surat/${ids.jaringan}$`));
    await page.getByRole('heading', { level: 1, name: 'Permohonan Dukungan Jaringan Kantor' }).waitFor();
    await context.close();
  });

  it('lets the arsiparis open a berkas, file letters into it from the search results several at once, hold it, and see it in the Daftar Arsip and the JRA', async () => {
    const context = await newContext(browser, t.baseUrl);
    const page = await context.newPage();
    await page.goto('/arsip');
    await loginAs(page, 'arsiparis');
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Arsip' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Berkas' }).waitFor();
    await page.getByText('Buat berkas baru').click();
    await page.getByLabel('Klasifikasi').fill('500.12.6.1');
    await page.getByLabel('Uraian').fill('Permohonan data dan dukungan Bidang Aptika');
    await page.getByLabel('Lokasi simpan').fill('Lemari 2, rak 3');
    await page.getByRole('button', { name: 'Buat Berkas' }).click();
    await page.getByRole('status').filter({ hasText: 'Berkas 1 dibuat' }).waitFor();
    await expectNoAxeViolations(page, 'archive, berkas');
    await screenshot(page, __filename, 'berkas-list');

    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Pencarian' }).click();
    // The draft nota dinas first: all or none, and the page says why.
    await page.getByLabel(/Cari kata/).fill('dimohon');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'surat ditemukan' }).waitFor();
    await page.getByRole('checkbox', { name: /Memohon Izin Penggunaan Aula/ }).check();
    await page.getByRole('checkbox', { name: /Permohonan Data Statistik Sektoral/ }).check();
    await page.getByText('2 surat dipilih').waitFor();
    await page.getByRole('button', { name: 'Masukkan ke Berkas' }).click();
    await page.getByRole('alert').filter({ hasText: 'masih konsep' }).waitFor();
    expect((await t.sql('SELECT 1 FROM berkas_item')).length).toBe(0);
    await page.getByRole('checkbox', { name: /Memohon Izin Penggunaan Aula/ }).uncheck();
    await page.getByRole('checkbox', { name: /Permohonan Dukungan Jaringan Kantor/ }).check();
    await expectNoAxeViolations(page, 'search with filing');
    await screenshot(page, __filename, 'search-filing');
    await page.getByRole('button', { name: 'Masukkan ke Berkas' }).click();
    await page.getByRole('status').filter({ hasText: '2 surat dimasukkan ke Permohonan data dan dukungan Bidang Aptika' }).waitFor();
    const filed = await t.sql<{ letter_id: string }>('SELECT letter_id FROM berkas_item ORDER BY letter_id');
    expect(filed.map((r) => r.letter_id)).toEqual([ids.statistik, ids.jaringan].sort());

    // The berkas: its letters, a legal hold placed and lifted with reasons, then closed.
    await page.getByRole('link', { name: 'Buka berkas' }).click();
    await page.getByRole('heading', { level: 1, name: /Berkas 1: Permohonan data/ }).waitFor();
    await page.getByText('2 surat di berkas ini').waitFor();
    await page.getByLabel('Alasan penahanan').fill('Pemeriksaan Inspektorat 2026');
    await page.getByRole('button', { name: 'Tahan Berkas' }).click();
    await page.getByRole('status').filter({ hasText: 'Berkas ditahan.' }).waitFor();
    await page.getByText(/Ditahan: Pemeriksaan Inspektorat 2026/).waitFor();
    await expectNoAxeViolations(page, 'berkas under a legal hold');
    await screenshot(page, __filename, 'berkas-hold');
    await page.getByLabel('Alasan pencabutan').fill('Pemeriksaan selesai');
    await page.getByRole('button', { name: 'Cabut Penahanan' }).click();
    await page.getByRole('status').filter({ hasText: 'Penahanan dicabut.' }).waitFor();
    await page.getByRole('button', { name: 'Tutup Berkas' }).click();
    await page.getByRole('status').filter({ hasText: 'Berkas ditutup' }).waitFor();
    expect((await t.sql<{ status: string }>('SELECT status FROM berkas'))[0].status).toBe('ditutup');

    // The Daftar Arsip Aktif lists it, and downloads as CSV.
    await page.getByRole('navigation', { name: 'Menu arsip' }).getByRole('link', { name: 'Daftar Arsip' }).click();
    await page.getByRole('heading', { level: 1, name: 'Daftar Arsip Aktif' }).waitFor();
    await page.getByRole('cell', { name: 'Permohonan data dan dukungan Bidang Aptika' }).waitFor();
    await expectNoAxeViolations(page, 'daftar arsip aktif');
    const csvHref = await page.getByRole('link', { name: 'Unduh CSV' }).getAttribute('href');
    const csv = await page.request.get(csvHref!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('Permohonan data dan dukungan Bidang Aptika');
    // The radio follows the address (?jenis=), which the router updates just after the click: click, then see it checked.
    await page.getByLabel('Daftar Arsip Inaktif').click();
    await page.waitForURL(/jenis=inaktif/);
    await page.getByRole('radio', { name: 'Daftar Arsip Inaktif', checked: true }).waitFor();
    await page.getByText('Daftar ini masih kosong.').waitFor();

    // The JRA of the code.
    await page.getByRole('navigation', { name: 'Menu arsip' }).getByRole('link', { name: 'JRA' }).click();
    await page.getByLabel('Saring kode atau nama').fill('500.12.6.1');
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: '500.12.6.1', exact: true }) });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/tahun/);
    await expectNoAxeViolations(page, 'jra');
    await context.close();

    // Staf sees no Arsip menu; the API refuses it anyway.
    const staf = await newContext(browser, t.baseUrl);
    const stafPage = await staf.newPage();
    await stafPage.goto('/');
    await loginAs(stafPage, 'staf.kominfo');
    await stafPage.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Pencarian' }).waitFor();
    expect(await stafPage.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Arsip' }).count()).toBe(0);
    await staf.close();
  });

  it('takes a disposal list from the due berkas through the panel’s paraf on the letter page to the signed berita acara (phone)', async () => {
    const old = await signedLetter('Undangan Rapat Koordinasi SPBE Lama');
    const created = await t.http().post('/api/v1/archive/berkas').set('Authorization', `Bearer ${await t.token('arsiparis')}`).send({ classificationCode: '500.12.6.1', title: 'Naskah rutin Aptika tahun 2019', letterIds: [old] });
    expect(created.status).toBe(201);
    // Years later, as the retention would have it: inaktif and past its musnah date.
    await t.sql(`UPDATE berkas SET status = 'inaktif', closed_at = '2020-01-02', active_until = '2022-01-31', inactive_until = '2026-01-31' WHERE id = $1`, [created.body.id]);

    const context = await newContext(browser, t.baseUrl, 'phone');
    const page = await context.newPage();
    await page.goto('/arsip/jatuh-tempo?jenis=musnah');
    await loginAs(page, 'arsiparis');
    await page.getByRole('heading', { level: 1, name: 'Jatuh tempo' }).waitFor();
    await page.getByRole('checkbox', { name: /Naskah rutin Aptika tahun 2019/ }).check();
    await expectNoAxeViolations(page, 'due, musnah (phone)');
    await expectTapTargets(page, 'due, musnah (phone)');
    await screenshot(page, __filename, 'due-musnah');
    await page.getByRole('button', { name: 'Buat Usul Musnah' }).click();
    await page.getByRole('link', { name: 'Buka usul musnah' }).click();
    await page.waitForURL(/\/surat\/[0-9a-f-]{36}$/);
    const letterId = page.url().split('/').pop()!;
    const bar = page.getByRole('group', { name: 'Tindakan atas surat ini' });
    await bar.getByRole('button', { name: /Ajukan/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /Ajukan/ }).click();
    await until(async () => (await t.sql<{ state: string }>('SELECT state FROM letter WHERE id = $1', [letterId]))[0].state === 'review');
    await context.close();

    // The Ketua Panitia Penilai Arsip initials it on the letter page.
    const panel = await newContext(browser, t.baseUrl, 'phone');
    const panelPage = await panel.newPage();
    await panelPage.goto(`/surat/${letterId}`);
    await loginAs(panelPage, 'ketua.ppa');
    await panelPage.getByRole('group', { name: 'Tindakan atas surat ini' }).getByRole('button', { name: /Setujui/ }).click();
    await panelPage.getByRole('dialog').getByRole('button', { name: /Setujui/ }).click();
    await until(async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM letter_history WHERE letter_id = $1 AND event = 'approve'`, [letterId]))[0].n === 1);
    await panel.close();
    expect((await fire(t, letterId, 'anggota.ppa', 'approve')).body.state).toBe('awaiting_signature');
    expect((await fire(t, letterId, 'sekda', 'sign')).body.state).toBe('destroyed');

    // The list now names its berita acara and, once the worker is done, that the contents are gone.
    const archivist = await newContext(browser, t.baseUrl, 'phone');
    const listPage = await archivist.newPage();
    await listPage.goto('/arsip/usul-musnah');
    await loginAs(listPage, 'arsiparis');
    await listPage.getByRole('link', { name: /Berita Acara Pemusnahan 000\.5\.6\.2\/\d+\/BAP\// }).waitFor();
    await eventually(async () => {
      await listPage.reload();
      await listPage.getByText(/selesai \(1 dari 1 naskah\)/).waitFor({ timeout: 2_000 });
    }, 30_000);
    expect(await listPage.getByRole('main').textContent()).toContain('Berita acara ditandatangani, arsip dimusnahkan');
    await expectNoAxeViolations(listPage, 'disposal lists (phone)');
    await expectTapTargets(listPage, 'disposal lists (phone)');
    await screenshot(listPage, __filename, 'disposal-lists');
    await archivist.close();
  });

  it('lets TU read the text of a registered scan and correct it, audited, with search then reading the correction', async () => {
    const incoming = (await registerIncoming(t, { subject: 'Undangan Bimbingan Teknis Kearsipan', addressee: 'KADIS-KOMINFO' })).id;
    await until(async () => (await t.sql<{ status: string }>('SELECT status FROM letter_text WHERE letter_id = $1', [incoming]))[0]?.status === 'done', 60_000);
    const context = await newContext(browser, t.baseUrl);
    const page = await context.newPage();
    await page.goto(`/surat/${incoming}`);
    await loginAs(page, 'tu.kominfo');
    await page.getByRole('link', { name: 'Baca teks' }).click();
    await page.waitForURL(new RegExp(`/surat/${incoming}/teks$`));
    await page.getByRole('heading', { level: 1, name: 'Teks pindaian dan lampiran' }).waitFor();
    const field = page.getByLabel('Teks (koreksi bila perlu)');
    expect(await field.inputValue()).toContain('Surat masuk hasil pindai');
    await expectNoAxeViolations(page, 'letter text');
    await field.fill('Surat masuk hasil pindai, dikoreksi: zamrudkoreksi');
    await page.getByRole('button', { name: 'Simpan Koreksi' }).click();
    await page.getByRole('status').filter({ hasText: 'Koreksi disimpan' }).waitFor();
    await page.getByText(/^Dikoreksi TU/).waitFor();
    await screenshot(page, __filename, 'letter-text');
    const [row] = await t.sql<{ source: string; text: string }>('SELECT source, text FROM letter_text WHERE letter_id = $1', [incoming]);
    expect(row).toEqual({ source: 'corrected', text: 'Surat masuk hasil pindai, dikoreksi: zamrudkoreksi' });
    expect((await t.sql(`SELECT 1 FROM audit_entry WHERE action = 'letter.text_correct' AND letter_id = $1`, [incoming])).length).toBe(1);

    // Search reads the correction.
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Pencarian' }).click();
    await eventually(async () => {
      await page.getByLabel(/Cari kata/).fill('zamrudkoreksi');
      await page.getByRole('button', { name: 'Cari', exact: true }).click();
      await page.getByRole('link', { name: 'Undangan Bimbingan Teknis Kearsipan' }).waitFor({ timeout: 2_000 });
    }, 30_000);
    await context.close();
  });
});
