import { registerIncoming } from '../factories/correspondence.factory';
import { draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { wibDate } from '../../src/common/time/wib';
import { createTestApp, TestApp } from '../helpers/test-app';

// Whole-app HTTP flows; the e2e project's testTimeout does not reach hooks under every runner.
jest.setTimeout(60_000);

describe('Agenda book (buku agenda)', () => {
  let t: TestApp;
  let p: Record<string, string>;
  let diskominfo: string;
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;
  // The book's days are WIB ones.
  const today = wibDate(new Date());
  let outgoingId: string;

  beforeAll(async () => {
    t = await createTestApp();
    p = await positionIds(t);
    [{ id: diskominfo }] = await t.sql(`SELECT id FROM unit WHERE code = 'Diskominfo'`);
    await registerIncoming(t, { subject: 'Undangan Rapat, "Penting"', senderNumber: '005/1/Setda/2026', senderName: '=cmd|calc' });
    await registerIncoming(t, { subject: 'Hasil Audit Keamanan Informasi', sifat: 'rahasia', senderNumber: 'R/2/BSSN/2026' });
    const out = await draftLetter(t, {
      reviewers: [{ positionIds: [p['KABID-APTIKA']] }],
      subject: 'Undangan Sosialisasi SPBE',
      externalRecipients: [{ name: 'Direktur PT Telkom Indonesia', address: 'Jakarta' }],
    });
    outgoingId = out.id;
    await fire(t, out.id, 'staf.kominfo', 'submit');
    await fire(t, out.id, 'kabid.aptika', 'approve');
    expect((await fire(t, out.id, 'kadis.kominfo', 'sign')).status).toBe(200);
    await eventually(async () => (await t.sql('SELECT number FROM letter WHERE id = $1', [out.id]))[0].number);
    }, 120_000);
  afterAll(() => t.close());

  it('lists the incoming register by agenda number for the registrar, with the Rahasia perihal shown to those on it', async () => {
    const res = await t.http().get(`/api/v1/agenda?register=incoming&unitId=${diskominfo}&from=${today}&to=${today}`).set('Authorization', await auth('tu.kominfo')).expect(200);
    expect(res.body).toMatchObject({ register: 'incoming', unitId: diskominfo, unitName: 'Dinas Komunikasi dan Informatika' });
    expect(res.body.items.map((i: { agendaNumber: string; subject: string }) => [i.agendaNumber, i.subject])).toEqual([
      [expect.stringMatching(/^1\//), 'Undangan Rapat, "Penting"'],
      [expect.stringMatching(/^2\//), 'Hasil Audit Keamanan Informasi'],
    ]);
    // Without a unit: the caller's own.
    const own = await t.http().get('/api/v1/agenda?register=incoming').set('Authorization', await auth('tu.kominfo')).expect(200);
    expect(own.body.items).toHaveLength(2);
  });

  it('masks the perihal of a Rahasia letter for a head who is not on it', async () => {
    const res = await t.http().get(`/api/v1/agenda?register=incoming&unitId=${diskominfo}`).set('Authorization', await auth('walikota')).expect(200);
    expect(res.body.items.map((i: { subject: string }) => i.subject)).toEqual(['Undangan Rapat, "Penting"', '(rahasia)']);
    expect(JSON.stringify(res.body)).not.toContain('Audit Keamanan');
  });

  it('exports CSV with a download name, quoting and formula guard', async () => {
    const res = await t.http().get(`/api/v1/agenda?register=incoming&unitId=${diskominfo}&format=csv`).set('Authorization', await auth('kadis.kominfo')).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="agenda-incoming-\d{4}-01-01-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Nomor Agenda,Tanggal Diterima,Pengirim,Nomor Surat,Tanggal Surat,Perihal,Sifat,Derajat Kecepatan,Kode Klasifikasi,Tujuan,Status');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`"Undangan Rapat, ""Penting"""`);
    expect(lines[1]).toContain(`'=cmd|calc`);
  });

  it('lists numbered outgoing letters of the unit and its bidang', async () => {
    const res = await t.http().get(`/api/v1/agenda?register=outgoing&unitId=${diskominfo}`).set('Authorization', await auth('tu.kominfo')).expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        number: expect.stringMatching(/\/Diskominfo\//),
        date: today,
        subject: 'Undangan Sosialisasi SPBE',
        // Every addressee under "Yth.", internal and external.
        recipients: 'Kepala Dinas Kesehatan; Direktur PT Telkom Indonesia',
        sifat: 'biasa',
        sifatLabel: 'Biasa',
        state: 'signed',
        stateLabel: 'Ditandatangani',
        typeLabel: 'Surat Keluar',
      }),
    ]);
    const csv = await t.http().get(`/api/v1/agenda?register=outgoing&unitId=${diskominfo}&format=csv`).set('Authorization', await auth('tu.kominfo')).expect(200);
    const [header, row] = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(header).toBe('Nomor Surat,Tanggal Surat,Jenis Naskah,Perihal,Sifat,Kode Klasifikasi,Kepada,Status');
    const cells = row.split(',');
    expect(cells.slice(1, 5)).toEqual([today, res.body.items[0].typeLabel, 'Undangan Sosialisasi SPBE', 'Biasa']);
    expect(cells.slice(6)).toEqual(['"Kepala Dinas Kesehatan; Direktur PT Telkom Indonesia"', 'Ditandatangani']);
  });

  it('counts days and prints dates in WIB: a letter numbered at 00.30 WIB is in that day, not the UTC one before', async () => {
    const [{ numbered_at: original }] = await t.sql('SELECT numbered_at FROM letter WHERE id = $1', [outgoingId]);
    await t.sql(`UPDATE letter SET numbered_at = ($2::date + time '00:30')::timestamp AT TIME ZONE 'Asia/Jakarta' WHERE id = $1`, [outgoingId, today]);
    try {
      const res = await t.http().get(`/api/v1/agenda?register=outgoing&unitId=${diskominfo}&from=${today}&to=${today}`).set('Authorization', await auth('tu.kominfo')).expect(200);
      expect(res.body.items.map((i: { letterId: string; date: string }) => [i.letterId, i.date])).toEqual([[outgoingId, today]]);
      const incoming = await t.http().get(`/api/v1/agenda?register=incoming&unitId=${diskominfo}`).set('Authorization', await auth('tu.kominfo')).expect(200);
      expect(res.body.to).toBe(today);
      for (const item of incoming.body.items) expect(item.receivedAt).toMatch(new RegExp(`^${today}T\\d{2}:\\d{2}:\\d{2}\\+07:00$`));
      expect(incoming.body.items.map((i: { sifatLabel: string; urgencyLabel: string }) => i.sifatLabel)).toEqual(['Biasa', 'Rahasia']);
    } finally {
      await t.sql('UPDATE letter SET numbered_at = $2 WHERE id = $1', [outgoingId, original]);
    }
  });

  it('refuses people outside the unit, bad registers and bad periods', async () => {
    for (const user of ['staf.kominfo', 'kadis.dinkes', 'admin']) {
      const res = await t.http().get(`/api/v1/agenda?register=incoming&unitId=${diskominfo}`).set('Authorization', await auth(user));
      expect({ user, status: res.status, code: res.body.code }).toEqual({ user, status: 403, code: 'AGENDA_NOT_ALLOWED' });
    }
    await t.http().get('/api/v1/agenda?register=keluar').set('Authorization', await auth('tu.kominfo')).expect(400);
    const period = await t.http().get('/api/v1/agenda?register=incoming&from=2026-12-31&to=2026-01-01').set('Authorization', await auth('tu.kominfo')).expect(400);
    expect(period.body.code).toBe('INVALID_PERIOD');
    await t.http().get('/api/v1/agenda?register=incoming&from=2026-13-45').set('Authorization', await auth('tu.kominfo')).expect(400);
    await t.http().get('/api/v1/agenda?register=incoming&to=2026-02-30').set('Authorization', await auth('tu.kominfo')).expect(400);
  });
});
