import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RetentionService } from '../../src/archive/retention/retention.service';
import { addYears } from '../../src/archive/retention/retention-dates';
import { wibDate } from '../../src/common/time/wib';
import { registerIncoming } from '../factories/correspondence.factory';
import { draftLetter, eventually } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('Archive: JRA, berkas, retention, legal hold, daftar arsip', () => {
  let t: TestApp;
  let dir: string;
  let diskominfo: string;
  const today = wibDate(new Date());
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;
  const letters: Record<string, string> = {};
  let berkasId: string;

  beforeAll(async () => {
    // The shipped JRA, with 500.12.6.1 Tata Kelola e-Government active for 0 years, so a berkas closed today may move to inactive today.
    dir = mkdtempSync(join(tmpdir(), 'esurat-jra-'));
    const jra = readFileSync('config/jra.yaml', 'utf8').replace(/- \{ code: '500\.12\.6\.1', active: 2, inactive: 3,/, "- { code: '500.12.6.1', active: 0, inactive: 3,");
    expect(jra).toContain("code: '500.12.6.1', active: 0");
    writeFileSync(join(dir, 'jra.yaml'), jra);
    t = await createTestApp({ JRA_CONFIG: join(dir, 'jra.yaml') });
    [{ id: diskominfo }] = await t.sql(`SELECT id FROM unit WHERE code = 'Diskominfo'`);
    letters.a = (await registerIncoming(t, { subject: 'Undangan Rapat Koordinasi SPBE', senderNumber: '005/11/Setda/2026' })).id;
    letters.b = (await registerIncoming(t, { subject: 'Permohonan Data Aplikasi', senderNumber: '005/12/Setda/2026' })).id;
    letters.secret = (await registerIncoming(t, { subject: 'Hasil Audit Keamanan Informasi', sifat: 'rahasia', senderNumber: 'R/7/BSSN/2026' })).id;
    letters.audit = (await registerIncoming(t, { subject: 'SP2D Belanja Modal', classificationCode: '900.1.3.1', senderNumber: '900/3/BPKAD/2026' })).id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the JRA with every code resolved and inherited, and the retention beside each classification', async () => {
    const jra = await t.http().get('/api/v1/archive/jra').set('Authorization', await auth('staf.kominfo')).expect(200);
    expect(jra.body.version).toMatch(/Permendagri 83\/2022/);
    const byCode = Object.fromEntries(jra.body.entries.map((e: { code: string }) => [e.code, e]));
    expect(byCode['800.1.11.4']).toMatchObject({ activeYears: 1, inactiveYears: 1, trigger: 'kegiatan_dipertanggungjawabkan', disposition: 'musnah', dispositionLabel: 'Musnah', definedAt: '800.1.11.4' });
    expect(byCode['000.8.3.1']).toMatchObject({ definedAt: '000.8.3.1', trigger: 'berkas_ditutup', disposition: 'permanen' });
    // 100.3.3 (Keputusan) has no line of its own: its sub-codes differ, as Hukum's do, so it takes 100.3's.
    expect(byCode['100.3.3']).toMatchObject({ definedAt: '100.3', activeYears: 2, inactiveYears: 3, disposition: 'dinilai_kembali', dispositionLabel: 'Dinilai Kembali' });
    expect(byCode['100.3.3.3']).toMatchObject({ definedAt: '100.3.3.3', disposition: 'permanen' });
    const cls = await t.http().get('/api/v1/classifications?q=cuti%20tahunan').set('Authorization', await auth('staf.kominfo')).expect(200);
    expect(cls.body[0]).toMatchObject({ code: '800.1.11.4', retention: { activeYears: 1, inactiveYears: 1, disposition: 'musnah' } });
  });

  it('creates a berkas with several letters at once, copying the JRA version and retention', async () => {
    // The letters' own writes (drafting, transitions) told the index already: count only the filing's events.
    const [{ before }] = await t.sql(`SELECT coalesce(max(id), 0)::bigint AS before FROM outbox_event`);
    const res = await t
      .http()
      .post('/api/v1/archive/berkas')
      .set('Authorization', await auth('arsiparis'))
      .send({ unitId: diskominfo, classificationCode: '500.12.6.1', title: 'Koordinasi SPBE 2026', location: 'Lemari 2, Rak 3', letterIds: [letters.a, letters.b] })
      .expect(201);
    berkasId = res.body.id;
    expect(res.body).toMatchObject({
      unitId: diskominfo,
      number: 1,
      status: 'terbuka',
      statusLabel: 'Terbuka',
      itemCount: 2,
      kurunWaktu: today.slice(0, 4),
      retention: { activeYears: 0, inactiveYears: 3, trigger: 'berkas_ditutup', disposition: 'musnah', activeUntil: null },
      legalHold: null,
    });
    expect(res.body.retention.jraVersion).toMatch(/Permendagri 83\/2022/);
    expect(res.body.items.map((i: { letterId: string }) => i.letterId).sort()).toEqual([letters.a, letters.b].sort());
    // Each filed letter tells the search index.
    const events = await t.sql(`SELECT letter_id FROM outbox_event WHERE type = 'search.index' AND payload->>'letterId' = ANY($1) AND id > $2`, [[letters.a, letters.b], before]);
    expect(events.map((e) => e.letter_id).sort()).toEqual([letters.a, letters.b].sort());
    // The relay takes them like any other event (the search indexer's job is its owner's).
    await eventually(async () => (await t.sql(`SELECT count(*)::int AS n FROM outbox_event WHERE type = 'search.index' AND dispatched_at IS NULL`))[0].n === 0);
  });

  it('refuses a letter the caller may not see (404), one already filed (409), a draft (422), and people who keep no berkas', async () => {
    const arsiparis = await auth('arsiparis');
    const hidden = await t.http().post(`/api/v1/archive/berkas/${berkasId}/items`).set('Authorization', arsiparis).send({ letterIds: [letters.secret] }).expect(404);
    expect(hidden.body).toMatchObject({ code: 'LETTER_NOT_FOUND' });
    const other = await t
      .http()
      .post('/api/v1/archive/berkas')
      .set('Authorization', await auth('tu.kominfo'))
      .send({ classificationCode: '500.12.10', title: 'Surat rahasia BSSN' })
      .expect(201);
    expect(other.body).toMatchObject({ unitId: diskominfo, number: 2 });
    const twice = await t.http().post(`/api/v1/archive/berkas/${other.body.id}/items`).set('Authorization', await auth('tu.kominfo')).send({ letterIds: [letters.secret, letters.a] }).expect(409);
    expect(twice.body).toMatchObject({ code: 'LETTER_ALREADY_FILED', details: { letterIds: [letters.a] } });
    // All or none: the Rahasia letter did not go in either.
    expect((await t.sql('SELECT count(*)::int AS n FROM berkas_item WHERE letter_id = $1', [letters.secret]))[0].n).toBe(0);
    const draft = await draftLetter(t);
    const notFinal = await t.http().post(`/api/v1/archive/berkas/${berkasId}/items`).set('Authorization', arsiparis).send({ letterIds: [draft.id] }).expect(422);
    expect(notFinal.body.code).toBe('LETTER_NOT_FINAL');

    // TU registered the Rahasia letter, so TU may file it; the archivist sees the berkas but not its perihal.
    await t.http().post(`/api/v1/archive/berkas/${other.body.id}/items`).set('Authorization', await auth('tu.kominfo')).send({ letterIds: [letters.secret] }).expect(200);
    const seen = await t.http().get(`/api/v1/archive/berkas/${other.body.id}`).set('Authorization', arsiparis).expect(200);
    expect(seen.body.items).toEqual([expect.objectContaining({ letterId: letters.secret, subject: '(rahasia)', sifat: 'rahasia' })]);
    expect(JSON.stringify(seen.body)).not.toContain('Audit Keamanan');
    const own = await t.http().get(`/api/v1/archive/berkas/${other.body.id}`).set('Authorization', await auth('tu.kominfo')).expect(200);
    expect(own.body.items[0].subject).toBe('Hasil Audit Keamanan Informasi');

    // Staff keep no berkas: none listed, none shown, none created.
    const staf = await auth('staf.kominfo');
    expect((await t.http().get('/api/v1/archive/berkas').set('Authorization', staf).expect(200)).body).toEqual({ items: [], total: 0 });
    expect((await t.http().get(`/api/v1/archive/berkas/${berkasId}`).set('Authorization', staf).expect(404)).body.code).toBe('BERKAS_NOT_FOUND');
    const refused = await t.http().post('/api/v1/archive/berkas').set('Authorization', staf).send({ unitId: diskominfo, classificationCode: '500.12.6.1', title: 'X' }).expect(403);
    expect(refused.body.code).toBe('ARCHIVE_NOT_ALLOWED');
    const badCode = await t.http().post('/api/v1/archive/berkas').set('Authorization', arsiparis).send({ unitId: diskominfo, classificationCode: '999', title: 'X' }).expect(422);
    expect(badCode.body.code).toBe('CLASSIFICATION_NOT_FOUND');
  });

  it('closes a berkas: its clock starts, no more letters go in, and the due lists follow a moved clock', async () => {
    const arsiparis = await auth('arsiparis');
    const closed = await t.http().post(`/api/v1/archive/berkas/${berkasId}/close`).set('Authorization', arsiparis).send({}).expect(200);
    expect(closed.body).toMatchObject({ status: 'ditutup', retention: { clockStartedOn: today, activeUntil: today, inactiveUntil: addYears(today, 3) } });
    const late = await t.http().post(`/api/v1/archive/berkas/${berkasId}/items`).set('Authorization', arsiparis).send({ letterIds: [letters.audit] }).expect(409);
    expect(late.body.code).toBe('BERKAS_NOT_OPEN');

    const due = async (kind: string, asOf?: string) =>
      (await t.http().get(`/api/v1/archive/due?kind=${kind}${asOf ? `&asOf=${asOf}` : ''}`).set('Authorization', arsiparis).expect(200)).body;
    expect((await due('inaktif')).items.map((b: { id: string }) => b.id)).toEqual([berkasId]);
    expect((await due('inaktif', addYears(today, -1))).items).toEqual([]);
    // Still closed, not inactive: nothing to destroy yet, even years later.
    expect((await due('musnah', addYears(today, 5))).items).toEqual([]);

    // A trigger the archivist records (diaudit, for an SP2D): no clock until the audit's day is given.
    const keuangan = await t.http().post('/api/v1/archive/berkas').set('Authorization', arsiparis).send({ unitId: diskominfo, classificationCode: '900.1.3.1', title: 'SP2D 2026', letterIds: [letters.audit] }).expect(201);
    const noDay = await t.http().post(`/api/v1/archive/berkas/${keuangan.body.id}/close`).set('Authorization', arsiparis).send({}).expect(200);
    expect(noDay.body.retention).toMatchObject({ trigger: 'diaudit', activeYears: 2, inactiveYears: 5, clockStartedOn: null, activeUntil: null });
    const future = await t.http().patch(`/api/v1/archive/berkas/${keuangan.body.id}`).set('Authorization', arsiparis).send({ triggerOccurredOn: addYears(today, 1) }).expect(422);
    expect(future.body.code).toBe('TRIGGER_DATE_IN_FUTURE');
    const audited = await t.http().patch(`/api/v1/archive/berkas/${keuangan.body.id}`).set('Authorization', arsiparis).send({ triggerOccurredOn: '2026-03-02' }).expect(200);
    expect(audited.body.retention).toMatchObject({ clockStartedOn: '2026-03-02', activeUntil: '2028-03-02', inactiveUntil: '2033-03-02' });
    const notApplicable = await t.http().patch(`/api/v1/archive/berkas/${berkasId}`).set('Authorization', arsiparis).send({ triggerOccurredOn: '2026-03-02' }).expect(422);
    expect(notApplicable.body.code).toBe('TRIGGER_DATE_NOT_APPLICABLE');
    expect((await due('inaktif', '2028-03-02')).items.map((b: { id: string }) => b.id)).toEqual([berkasId, keuangan.body.id]);
    const early = await t.http().post(`/api/v1/archive/berkas/${keuangan.body.id}/inactive`).set('Authorization', arsiparis).send({}).expect(422);
    expect(early.body).toMatchObject({ code: 'RETENTION_NOT_DUE', details: { activeUntil: '2028-03-02' } });

    // The daily job computes for the day it is given: a clock moved to 2029 finds both due to go inactive.
    const retention = t.app.get(RetentionService);
    await t.sql(`UPDATE berkas SET active_until = NULL, inactive_until = NULL WHERE id = $1`, [keuangan.body.id]);
    expect(await retention.run('2029-01-01')).toMatchObject({ inaktif: 2, musnah: 0, serah: 0 });
    expect((await t.sql(`SELECT to_char(inactive_until, 'YYYY-MM-DD') AS d FROM berkas WHERE id = $1`, [keuangan.body.id]))[0].d).toBe('2033-03-02');
    expect(await retention.run('2027-01-01')).toMatchObject({ inaktif: 1 });
  });

  it('refuses a backwards period, closing an empty berkas and taking out a letter it does not hold; takes a letter out of an open one', async () => {
    const arsiparis = await auth('arsiparis');
    const backwards = await t.http().post('/api/v1/archive/berkas').set('Authorization', arsiparis).send({ unitId: diskominfo, classificationCode: '800.1.11.4', title: 'Cuti', periodFrom: '2026-05-01', periodTo: '2026-04-01' }).expect(400);
    expect(backwards.body.code).toBe('INVALID_PERIOD');
    const empty = await t.http().post('/api/v1/archive/berkas').set('Authorization', arsiparis).send({ unitId: diskominfo, classificationCode: '800.1.11.4', title: 'Cuti Pegawai 2026', periodFrom: '2026-01-01', periodTo: '2026-12-31' }).expect(201);
    expect(empty.body).toMatchObject({ kurunWaktu: '2026', retention: { activeYears: 1, inactiveYears: 1 } });
    expect((await t.http().post(`/api/v1/archive/berkas/${empty.body.id}/close`).set('Authorization', arsiparis).send({}).expect(422)).body.code).toBe('BERKAS_EMPTY');
    expect((await t.http().delete(`/api/v1/archive/berkas/${empty.body.id}/items/${letters.a}`).set('Authorization', arsiparis).expect(404)).body.code).toBe('LETTER_NOT_IN_BERKAS');
    const late = await registerIncoming(t, { subject: 'Permohonan Cuti Tahunan', classificationCode: '800.1.11.4', senderNumber: '800/9/Dinkes/2026' });
    await t.http().post(`/api/v1/archive/berkas/${empty.body.id}/items`).set('Authorization', arsiparis).send({ letterIds: [late.id] }).expect(200);
    const out = await t.http().delete(`/api/v1/archive/berkas/${empty.body.id}/items/${late.id}`).set('Authorization', arsiparis).expect(200);
    expect(out.body).toMatchObject({ itemCount: 0, items: [] });
    // Filed nowhere now, so another berkas takes it.
    await t.http().post(`/api/v1/archive/berkas/${empty.body.id}/items`).set('Authorization', arsiparis).send({ letterIds: [late.id] }).expect(200);
  });

  it('a legal hold blocks the move to inactive and the due lists until an archivist lifts it; both are audited', async () => {
    const arsiparis = await auth('arsiparis');
    const tu = await t.http().post(`/api/v1/archive/berkas/${berkasId}/legal-hold`).set('Authorization', await auth('tu.kominfo')).send({ reason: 'Perkara PTUN 12/G/2026' }).expect(403);
    expect(tu.body.code).toBe('ARCHIVIST_ONLY');
    const held = await t.http().post(`/api/v1/archive/berkas/${berkasId}/legal-hold`).set('Authorization', arsiparis).send({ reason: 'Perkara PTUN 12/G/2026' }).expect(200);
    expect(held.body.legalHold).toMatchObject({ reason: 'Perkara PTUN 12/G/2026', placedByName: 'Siti Nurhaliza, S.I.P.', liftedAt: null });
    expect((await t.http().post(`/api/v1/archive/berkas/${berkasId}/legal-hold`).set('Authorization', arsiparis).send({ reason: 'lagi' }).expect(409)).body.code).toBe('LEGAL_HOLD_ACTIVE');
    const due = await t.http().get('/api/v1/archive/due?kind=inaktif').set('Authorization', arsiparis).expect(200);
    expect(due.body).toMatchObject({ items: [], heldCount: 1 });
    const blocked = await t.http().post(`/api/v1/archive/berkas/${berkasId}/inactive`).set('Authorization', arsiparis).send({}).expect(409);
    expect(blocked.body).toMatchObject({ code: 'LEGAL_HOLD', details: { berkasIds: [berkasId] } });

    const lifted = await t.http().post(`/api/v1/archive/berkas/${berkasId}/legal-hold/lift`).set('Authorization', arsiparis).send({ reason: 'Putusan berkekuatan hukum tetap' }).expect(200);
    expect(lifted.body.legalHold).toBeNull();
    expect(lifted.body.legalHolds).toEqual([expect.objectContaining({ reason: 'Perkara PTUN 12/G/2026', liftReason: 'Putusan berkekuatan hukum tetap', liftedByName: 'Siti Nurhaliza, S.I.P.' })]);
    expect((await t.http().post(`/api/v1/archive/berkas/${berkasId}/legal-hold/lift`).set('Authorization', arsiparis).send({ reason: 'lagi' }).expect(409)).body.code).toBe('NO_LEGAL_HOLD');
    const audit = await t.sql(`SELECT action FROM audit_entry WHERE object_id = $1 ORDER BY seq`, [berkasId]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['berkas.create', 'berkas.items_add', 'berkas.close', 'berkas.legal_hold_place', 'berkas.legal_hold_lift']));
  });

  it('moves the berkas to inactive (the archivist only), then lists it for usul musnah when its inactive years are over', async () => {
    const refused = await t.http().post(`/api/v1/archive/berkas/${berkasId}/inactive`).set('Authorization', await auth('tu.kominfo')).send({}).expect(403);
    expect(refused.body.code).toBe('ARCHIVIST_ONLY');
    const arsiparis = await auth('arsiparis');
    const moved = await t.http().post(`/api/v1/archive/berkas/${berkasId}/inactive`).set('Authorization', arsiparis).send({ location: 'Record Center Setda, Boks 14' }).expect(200);
    expect(moved.body).toMatchObject({ status: 'inaktif', location: 'Record Center Setda, Boks 14' });
    const due = async (kind: string, asOf: string) => (await t.http().get(`/api/v1/archive/due?kind=${kind}&asOf=${asOf}`).set('Authorization', arsiparis).expect(200)).body.items.map((b: { id: string }) => b.id);
    expect(await due('musnah', addYears(today, 3))).toEqual([berkasId]);
    expect(await due('musnah', addYears(today, 2))).toEqual([]);
    expect(await due('serah', addYears(today, 50))).toEqual([]);
    expect((await t.http().get('/api/v1/archive/due?kind=hapus').set('Authorization', arsiparis).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('exports the Daftar Arsip Aktif and Inaktif as CSV and PDF', async () => {
    const arsiparis = await auth('arsiparis');
    const csv = await t.http().get(`/api/v1/archive/daftar-arsip?kind=aktif&unitId=${diskominfo}&format=csv`).set('Authorization', arsiparis).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="daftar-arsip-aktif-dinas-komunikasi-dan-informatika-${today}.csv"`);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('No,Nomor Berkas,Kode Klasifikasi,Uraian Informasi Berkas,Kurun Waktu,Jumlah Item,Tingkat Perkembangan,Keterangan (Lokasi Simpan)');
    // By classification code; a period given prints as its years, else the span of the letters' years.
    expect(lines.slice(1)).toEqual([`1,2,500.12.10,Surat rahasia BSSN,${today.slice(0, 4)},1,Asli,`, '2,4,800.1.11.4,Cuti Pegawai 2026,2026,1,Asli,', `3,3,900.1.3.1,SP2D 2026,${today.slice(0, 4)},1,Asli,`]);

    const inaktif = await t.http().get(`/api/v1/archive/daftar-arsip?kind=inaktif&unitId=${diskominfo}&format=csv`).set('Authorization', arsiparis).expect(200);
    expect(inaktif.text.replace(/^\uFEFF/, '').trim().split('\r\n')).toEqual([
      'No,Nomor Berkas,Kode Klasifikasi,Uraian Informasi Berkas,Kurun Waktu,Jumlah Item,Tingkat Perkembangan,Retensi Inaktif s.d.,Nasib Akhir,Keterangan (Lokasi Simpan)',
      `1,1,500.12.6.1,Koordinasi SPBE 2026,${today.slice(0, 4)},2,Asli,${addYears(today, 3)},Musnah,"Record Center Setda, Boks 14"`,
    ]);

    const pdf = await t.http().get(`/api/v1/archive/daftar-arsip?kind=inaktif&unitId=${diskominfo}&format=pdf`).set('Authorization', await auth('tu.kominfo')).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const file = join(dir, 'dai.pdf');
    writeFileSync(file, pdf.body as Buffer);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('DAFTAR ARSIP INAKTIF');
    expect(text).toContain('Dinas Komunikasi dan Informatika');
    expect(text).toMatch(/1\s+1\s+500\.12\.6\.1\s+Koordinasi SPBE 2026/);
    expect(text).toContain('Record Center Setda, Boks 14');
    expect(text).toContain('Musnah');

    const json = await t.http().get(`/api/v1/archive/daftar-arsip?kind=aktif`).set('Authorization', await auth('tu.kominfo')).expect(200);
    expect(json.body).toMatchObject({ kind: 'aktif', title: 'Daftar Arsip Aktif', unitId: diskominfo });
    expect(json.body.items).toHaveLength(3);
    const staf = await t.http().get(`/api/v1/archive/daftar-arsip?kind=aktif&unitId=${diskominfo}`).set('Authorization', await auth('staf.kominfo')).expect(403);
    expect(staf.body.code).toBe('ARCHIVE_NOT_ALLOWED');
  });
});
