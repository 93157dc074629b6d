import { postIncoming, registerIncoming, scannedPdf } from '../factories/correspondence.factory';
import { positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

// Whole-app HTTP flows; the e2e project's testTimeout does not reach hooks under every runner.
jest.setTimeout(60_000);

describe('Incoming letters (surat masuk)', () => {
  let t: TestApp;
  let p: Record<string, string>;
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;

  beforeAll(async () => {
    t = await createTestApp();
    p = await positionIds(t);
  });
  afterAll(() => t.close());

  it('TU registers a scanned letter with the next agenda number of its unit; it lands in the addressee inbox', async () => {
    const first = await registerIncoming(t, { senderNumber: '005/120/Dinkes/2026' });
    const second = await registerIncoming(t, { senderNumber: '005/121/Dinkes/2026' });
    expect(first.body).toMatchObject({
      kind: 'incoming',
      type: 'surat-masuk',
      state: 'registered',
      incoming: { agendaSequence: 1, agendaYear: 2026, agendaNumber: '1/2026', senderNumber: '005/120/Dinkes/2026', senderDate: '2026-11-02' },
    });
    expect(second.body.incoming.agendaSequence).toBe(2);
    expect(first.body.participants).toEqual(expect.arrayContaining([{ positionId: p['KADIS-KOMINFO'], role: 'addressee' }]));

    const inbox = await t.http().get('/api/v1/inbox?kind=dispose').set('Authorization', await auth('kadis.kominfo')).expect(200);
    expect(inbox.body.items.map((i: { letterId: string }) => i.letterId)).toEqual(expect.arrayContaining([first.id, second.id]));
    const view = await t.http().get(`/api/v1/letters/${first.id}`).set('Authorization', await auth('kadis.kominfo')).expect(200);
    expect(view.body.allowedEvents.map((e: { event: string }) => e.event).sort()).toEqual(['complete', 'dispose']);

    const scan = await t.http().get(`/api/v1/incoming-letters/${first.id}/scan`).set('Authorization', await auth('kadis.kominfo')).expect(200);
    expect(scan.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(scan.body).subarray(0, 5).toString()).toBe('%PDF-');
    await t.http().get(`/api/v1/incoming-letters/${first.id}/scan`).set('Authorization', await auth('kadis.dinkes')).expect(404);
    const details = await t.http().get(`/api/v1/incoming-letters/${first.id}`).set('Authorization', await auth('tu.kominfo')).expect(200);
    expect(details.body.incoming.senderName).toBe('Dinas Kesehatan Provinsi Jawa Tengah');

    const history = await t.http().get(`/api/v1/letters/${first.id}/history`).set('Authorization', await auth('kadis.kominfo')).expect(200);
    expect(history.body.map((h: { event: string }) => h.event)).toEqual(['$start']);
  });

  it('warns with 409 DUPLICATE_INCOMING on the same sender number and date, and registers a flagged copy when confirmed', async () => {
    const original = await registerIncoming(t, { senderNumber: '800/77/BKD/2026', senderDate: '2026-10-01' });
    const again = await postIncoming(t, { senderNumber: ' 800/77/bkd/2026 ', senderDate: '2026-10-01' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'DUPLICATE_INCOMING', details: { letterId: original.id, agendaNumber: original.body.incoming.agendaNumber } });
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM incoming_letter WHERE sender_number_key = '800/77/BKD/2026'`);
    expect(n).toBe(1);
    // Another date is another letter.
    await registerIncoming(t, { senderNumber: '800/77/BKD/2026', senderDate: '2026-10-02' });
    const confirmed = await registerIncoming(t, { senderNumber: '800/77/BKD/2026', senderDate: '2026-10-01', confirmDuplicate: true });
    expect(confirmed.body.incoming.duplicateOfLetterId).toBe(original.id);
  });

  it('refuses non-registrars, bad scans and bad metadata with 4xx, storing nothing', async () => {
    const before = await t.sql(`SELECT (SELECT count(*)::int FROM stored_object) AS objects, (SELECT count(*)::int FROM letter) AS letters`);
    const staff = await postIncoming(t, {}, 'staf.kominfo');
    expect(staff.status).toBe(403);
    expect(staff.body.code).toBe('NOT_A_REGISTRAR');

    const notPdf = await postIncoming(t, { pdf: Buffer.from('just some text, not a PDF at all') });
    expect(notPdf.status).toBe(415);
    expect(notPdf.body.code).toBe('NOT_A_PDF');
    const pdf = await scannedPdf();
    const truncated = await postIncoming(t, { pdf: pdf.subarray(0, Math.floor(pdf.length / 2)) });
    expect(truncated.status).toBe(422);
    expect(truncated.body.code).toBe('PDF_TRUNCATED');

    const noScan = await t.http().post('/api/v1/incoming-letters').set('Authorization', await auth('tu.kominfo'))
      .field('senderName', 'X Y').field('senderNumber', '1').field('senderDate', '2026-01-01').field('subject', 'Tanpa pindaian').field('addresseePositionId', p['KADIS-KOMINFO']);
    expect(noScan.status).toBe(400);
    expect(noScan.body.code).toBe('SCAN_REQUIRED');

    const badDate = await postIncoming(t, { senderDate: '02-11-2026' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.code).toBe('VALIDATION_FAILED');
    expect((await postIncoming(t, { senderDate: '2026-02-30' })).status).toBe(400);
    const badSifat = await postIncoming(t, { sifat: 'rahasia_sekali' });
    expect(badSifat.status).toBe(400);
    const unknownAddressee = await postIncoming(t, { addressee: '00000000-0000-4000-8000-000000000000' });
    expect(unknownAddressee.status).toBe(422);
    expect(unknownAddressee.body.code).toBe('ADDRESSEE_NOT_FOUND');

    const after = await t.sql(`SELECT (SELECT count(*)::int FROM stored_object) AS objects, (SELECT count(*)::int FROM letter) AS letters`);
    expect(after).toEqual(before);
  });

  it('rejects a scan over UPLOAD_LIMIT_BYTES with 413', async () => {
    const small = await createTestApp({ UPLOAD_LIMIT_BYTES: '2048' });
    try {
      const big = Buffer.concat([await scannedPdf(), Buffer.alloc(4096, 0x20)]);
      const res = await postIncoming(small, { pdf: big });
      expect(res.status).toBe(413);
    } finally {
      await small.close();
    }
  });
  it('refuses a sender date after the day of receipt, and stores nothing', async () => {
    const before = await t.sql('SELECT count(*)::int AS n FROM incoming_letter');
    const tomorrow = new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10);
    const res = await postIncoming(t, { senderDate: tomorrow, senderNumber: '900/1/Masa-Depan/2026' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'SENDER_DATE_IN_FUTURE', details: { field: 'senderDate' } });
    expect(await t.sql('SELECT count(*)::int AS n FROM incoming_letter')).toEqual(before);
    // Received on an earlier day: the sender's date is measured against that day.
    const late = await postIncoming(t, { senderDate: '2026-11-10', receivedAt: '2026-11-09T03:00:00Z', senderNumber: '900/2/Masa-Depan/2026' });
    expect(late.body.code).toBe('SENDER_DATE_IN_FUTURE');
  });

  it('lists the incoming letters the caller may see, with what waits for them; a Rahasia one only for its participants', async () => {
    const open = await registerIncoming(t, { subject: 'Daftar surat masuk biasa' });
    const secret = await registerIncoming(t, { subject: 'Daftar surat masuk rahasia', sifat: 'rahasia', addressee: 'KADIS-KOMINFO' });
    const list = async (username: string, query = '') =>
      (await t.http().get(`/api/v1/incoming-letters?limit=100${query}`).set('Authorization', await auth(username)).expect(200)).body;
    const kadis = await list('kadis.kominfo', '&needsAction=true');
    expect(kadis.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([open.id, secret.id]));
    expect(kadis.items.find((i: { id: string }) => i.id === open.id)).toMatchObject({
      agendaNumber: open.body.incoming.agendaNumber,
      stateLabel: expect.any(String),
      needsAction: true,
      possibleDuplicate: false,
      addressee: 'Kepala Dinas Komunikasi dan Informatika',
    });
    expect(kadis.total).toBe(kadis.items.length);
    const tu = await list('tu.kominfo');
    expect(tu.items.find((i: { id: string }) => i.id === open.id)).toMatchObject({ needsAction: false });
    const kasi = await list('kasi.aptika');
    expect(kasi.items.map((i: { id: string }) => i.id)).not.toContain(secret.id);
    expect(JSON.stringify(kasi)).not.toContain('Daftar surat masuk rahasia');
    const archivist = await list('arsiparis');
    expect(archivist.items.map((i: { id: string }) => i.id)).toContain(open.id);
    expect(archivist.items.map((i: { id: string }) => i.id)).not.toContain(secret.id);
  });
});
