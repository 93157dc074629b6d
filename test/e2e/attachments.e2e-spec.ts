import { scannedPdf, storedZip } from '../factories/correspondence.factory';
import { draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

// Whole-app HTTP flows; the e2e project's testTimeout does not reach hooks under every runner.
jest.setTimeout(60_000);

describe('Attachments (lampiran) and the dispatch list of external recipients', () => {
  let t: TestApp;
  let p: Record<string, string>;
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;
  const upload = async (letterId: string, username: string, bytes: Buffer, filename: string) =>
    t.http().post(`/api/v1/letters/${letterId}/attachments`).set('Authorization', await auth(username)).attach('file', bytes, { filename, contentType: 'application/octet-stream' });

  beforeAll(async () => {
    t = await createTestApp();
    p = await positionIds(t);
  });
  afterAll(() => t.close());

  it('takes PDF and office files judged by their bytes, refuses the rest, and only while the draft is editable', async () => {
    const letter = await draftLetter(t, { reviewers: [{ positionIds: [p['KABID-APTIKA']] }] });
    const pdf = await upload(letter.id, 'staf.kominfo', await scannedPdf('Lampiran I'), 'Lampiran I.pdf');
    expect(pdf.status).toBe(201);
    expect(pdf.body).toMatchObject({ name: 'Lampiran I.pdf', contentType: 'application/pdf', size: expect.any(Number) });
    const docx = await upload(letter.id, 'staf.kominfo', storedZip([['[Content_Types].xml', '<Types/>'], ['word/document.xml', '<w/>']]), 'rincian anggaran.bin');
    expect(docx.status).toBe(201);
    expect(docx.body.name).toBe('rincian anggaran.docx');

    const exe = await upload(letter.id, 'staf.kominfo', Buffer.from('MZ\x90\x00 not a document'), 'lampiran.pdf');
    expect(exe.status).toBe(415);
    expect(exe.body.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    const broken = await upload(letter.id, 'staf.kominfo', (await scannedPdf()).subarray(0, 300), 'rusak.pdf');
    expect(broken.status).toBe(422);
    const notDrafter = await upload(letter.id, 'kabid.aptika', await scannedPdf(), 'x.pdf');
    expect(notDrafter.status).toBe(403);
    expect(notDrafter.body.code).toBe('NOT_THE_DRAFTER');
    expect((await upload(letter.id, 'kadis.dinkes', await scannedPdf(), 'x.pdf')).status).toBe(404);
    const none = await t.http().post(`/api/v1/letters/${letter.id}/attachments`).set('Authorization', await auth('staf.kominfo'));
    expect(none.status).toBe(400);

    const list = await t.http().get(`/api/v1/letters/${letter.id}/attachments`).set('Authorization', await auth('staf.kominfo')).expect(200);
    expect(list.body.map((a: { name: string }) => a.name)).toEqual(['Lampiran I.pdf', 'rincian anggaran.docx']);

    await fire(t, letter.id, 'staf.kominfo', 'submit');
    const late = await upload(letter.id, 'staf.kominfo', await scannedPdf(), 'telat.pdf');
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('LETTER_CLOSED');
    const kabidList = await t.http().get(`/api/v1/letters/${letter.id}/attachments`).set('Authorization', await auth('kabid.aptika')).expect(200);
    expect(kabidList.body).toHaveLength(2);
    const file = await t.http().get(`/api/v1/letters/${letter.id}/attachments/${pdf.body.id}`).set('Authorization', await auth('kabid.aptika')).buffer(true).expect(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain('attachment;');
    await t.http().get(`/api/v1/letters/${letter.id}/attachments/${pdf.body.id}`).set('Authorization', await auth('kadis.dinkes')).expect(404);
    await t.http().delete(`/api/v1/letters/${letter.id}/attachments/${pdf.body.id}`).set('Authorization', await auth('staf.kominfo')).expect(422);
  });

  it('lets the drafter remove an attachment from a draft', async () => {
    const letter = await draftLetter(t);
    const added = await upload(letter.id, 'staf.kominfo', await scannedPdf(), 'a.pdf');
    const [{ object_id }] = await t.sql('SELECT object_id FROM letter_attachment WHERE id = $1', [added.body.id]);
    await t.http().delete(`/api/v1/letters/${letter.id}/attachments/${added.body.id}`).set('Authorization', await auth('staf.kominfo')).expect(204);
    await t.http().delete(`/api/v1/letters/${letter.id}/attachments/${added.body.id}`).set('Authorization', await auth('staf.kominfo')).expect(404);
    // The stored object is removed; its row stays as a record.
    const [row] = await t.sql('SELECT deleted_at FROM stored_object WHERE id = $1', [object_id]);
    expect(row.deleted_at).toBeInstanceOf(Date);
  });

  it('puts the external recipients of a sent letter on a printable dispatch list that TU works through', async () => {
    const letter = await draftLetter(t, {
      reviewers: [{ positionIds: [p['KABID-APTIKA']] }],
      externalRecipients: [
        { name: 'PT Telkom Indonesia Witel Pekalongan', address: 'Jl. Merdeka No. 1, Pekalongan' },
        { name: 'Universitas Pekalongan <Rektor>', address: 'Jl. Sriwijaya No. 3', email: 'rektorat@unikal.example' } as never,
      ],
    });
    await fire(t, letter.id, 'staf.kominfo', 'submit');
    await fire(t, letter.id, 'kabid.aptika', 'approve');
    expect((await fire(t, letter.id, 'kadis.kominfo', 'sign')).status).toBe(200);
    expect((await fire(t, letter.id, 'staf.kominfo', 'send')).status).toBe(200);

    const items = await eventually(async () => {
      const res = await t.http().get(`/api/v1/letters/${letter.id}/dispatch`).set('Authorization', await auth('staf.kominfo')).expect(200);
      return res.body.length === 2 ? res.body : undefined;
    });
    expect(items).toEqual([
      expect.objectContaining({ seq: 1, recipientName: 'PT Telkom Indonesia Witel Pekalongan', channel: 'paper', status: 'pending' }),
      expect.objectContaining({ seq: 2, channel: 'email', email: 'rektorat@unikal.example', status: 'pending' }),
    ]);
    const page = await t.http().get(`/api/v1/letters/${letter.id}/dispatch/print`).set('Authorization', await auth('staf.kominfo')).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('Daftar Pengiriman Surat');
    expect(page.text).toContain('Universitas Pekalongan &lt;Rektor&gt;');
    expect(page.text).not.toContain('<Rektor>');

    expect((await t.http().post(`/api/v1/dispatch-items/${items[0].id}/dispatched`).set('Authorization', await auth('kadis.kominfo'))).body.code).toBe('NOT_A_DISPATCHER');
    // TU of Diskominfo works through its unit's numbered letters (as the agenda book lists them), and so does the drafter.
    const byTu = await t.http().post(`/api/v1/dispatch-items/${items[0].id}/dispatched`).set('Authorization', await auth('tu.kominfo')).expect(200);
    expect(byTu.body).toMatchObject({ status: 'dispatched', dispatchedAt: expect.any(String) });
    const byDrafter = await t.http().post(`/api/v1/dispatch-items/${items[1].id}/dispatched`).set('Authorization', await auth('staf.kominfo')).expect(200);
    expect(byDrafter.body).toMatchObject({ status: 'dispatched', dispatchedAt: expect.any(String) });
    await t.http().get(`/api/v1/letters/${letter.id}/dispatch`).set('Authorization', await auth('walikota')).expect(404);
  });
});
