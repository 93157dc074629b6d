import { dispose, dispositionAction, registerIncoming } from '../factories/correspondence.factory';
import { draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

// Whole-app HTTP flows; the e2e project's testTimeout does not reach hooks under every runner.
jest.setTimeout(60_000);

/** The correspondence issue's scenarios, end to end over HTTP. */
describe('Correspondence scenarios', () => {
  let t: TestApp;
  let p: Record<string, string>;
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;
  const inboxOf = async (username: string) => (await t.http().get('/api/v1/inbox?limit=100').set('Authorization', await auth(username)).expect(200)).body;
  const listOf = async (username: string) => (await t.http().get('/api/v1/letters?limit=100').set('Authorization', await auth(username)).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    p = await positionIds(t);
  });
  afterAll(() => t.close());

  it('(a) a surat dinas is reviewed by kasi, kabid and sekdis, signed by kadis, numbered, and reaches kadis.dinkes and sekda (tembusan)', async () => {
    const letter = await draftLetter(t);
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    for (const reviewer of ['kasi.aptika', 'kabid.aptika', 'sekdis.kominfo']) {
      const res = await fire(t, letter.id, reviewer, 'approve');
      expect(res.status).toBe(200);
    }
    // Before it is sent, neither recipient sees it.
    await t.http().get(`/api/v1/letters/${letter.id}`).set('Authorization', await auth('kadis.dinkes')).expect(404);
    const signed = await fire(t, letter.id, 'kadis.kominfo', 'sign');
    expect(signed.status).toBe(200);
    expect(signed.body.state).toBe('signed');
    const number = await eventually(async () => (await t.sql('SELECT number FROM letter WHERE id = $1', [letter.id]))[0].number as string | null);
    // config/numbering.yaml: {klasifikasi}/{nomor}/{unit}/{tahun}, counted per issuing unit and year.
    expect(number).toMatch(/^000\.8\.3\.3\/\d+\/Diskominfo\/\d{4}$/);

    const sent = await fire(t, letter.id, 'staf.kominfo', 'send');
    expect(sent.status).toBe(200);
    expect(sent.body.state).toBe('sent');
    await eventually(async () => (await inboxOf('kadis.dinkes')).items.some((i: { letterId: string; kind: string }) => i.letterId === letter.id && i.kind === 'read'));
    await eventually(async () => (await inboxOf('sekda')).items.some((i: { letterId: string; kind: string }) => i.letterId === letter.id && i.kind === 'read'));
    const dinkes = await t.http().get(`/api/v1/letters/${letter.id}`).set('Authorization', await auth('kadis.dinkes')).expect(200);
    expect(dinkes.body).toMatchObject({ number, state: 'sent' });
    const sekdaNotes = await t.sql(`SELECT kind FROM notification WHERE letter_id = $1 AND position_id = $2`, [letter.id, p.SEKDA]);
    expect(sekdaNotes.map((n) => n.kind)).toContain('delivered_tembusan');
    const history = await t.http().get(`/api/v1/letters/${letter.id}/history`).set('Authorization', await auth('staf.kominfo')).expect(200);
    expect(history.body.map((h: { event: string }) => h.event)).toEqual(['$start', 'submit', 'approve', 'approve', 'approve', 'sign', 'send']);
  });

  it('(b) kabid.aptika returns it with a note; staf revises and resubmits; both versions are kept', async () => {
    const letter = await draftLetter(t);
    await fire(t, letter.id, 'staf.kominfo', 'submit');
    await fire(t, letter.id, 'kasi.aptika', 'approve');
    const returned = await fire(t, letter.id, 'kabid.aptika', 'return', { comment: 'Sebutkan jadwal integrasi.' });
    expect(returned.body.state).toBe('returned');
    expect((await inboxOf('staf.kominfo')).items).toEqual(expect.arrayContaining([expect.objectContaining({ letterId: letter.id, kind: 'revise' })]));

    const current = await t.http().get(`/api/v1/letters/${letter.id}`).set('Authorization', await auth('staf.kominfo')).expect(200);
    expect(current.body.returned).toBeTruthy();
    await t.http().patch(`/api/v1/letters/${letter.id}`).set('Authorization', await auth('staf.kominfo'))
      .send({ version: current.body.version, subject: 'Permohonan Dukungan Integrasi SIK (Jadwal Desember 2026)' })
      .expect(200);
    expect((await fire(t, letter.id, 'staf.kominfo', 'resubmit')).body.state).toBe('review');

    const versions = await t.http().get(`/api/v1/letters/${letter.id}/versions`).set('Authorization', await auth('kabid.aptika')).expect(200);
    expect(versions.body.map((v: { content: { subject: string } }) => v.content.subject)).toEqual([
      'Permohonan Dukungan Integrasi Sistem Informasi Kesehatan',
      'Permohonan Dukungan Integrasi SIK (Jadwal Desember 2026)',
    ]);
    const history = await t.http().get(`/api/v1/letters/${letter.id}/history`).set('Authorization', await auth('kabid.aptika')).expect(200);
    expect(history.body.find((h: { event: string }) => h.event === 'return')).toMatchObject({ comment: 'Sebutkan jadwal integrasi.', actedAsPositionId: p['KABID-APTIKA'] });
    // The route starts again at Kasi.
    expect((await inboxOf('kasi.aptika')).items).toEqual(expect.arrayContaining([expect.objectContaining({ letterId: letter.id, kind: 'review' })]));
  });

  it('(c) a surat masuk for kadis.kominfo is disposed to sekdis and kabid; kabid disposes to kasi, kasi reports; the tree shows it all', async () => {
    const letter = await registerIncoming(t, { subject: 'Permintaan Data Layanan SPBE', senderName: 'Kementerian Komunikasi dan Digital' });
    expect((await inboxOf('kadis.kominfo')).items).toEqual(expect.arrayContaining([expect.objectContaining({ letterId: letter.id, kind: 'dispose' })]));

    const dueAt = new Date(Date.now() + 5 * 86400_000).toISOString();
    const root = await dispose(t, letter.id, 'kadis.kominfo', {
      toPositionIds: [p['SEKDIS-KOMINFO'], p['KABID-APTIKA']],
      instructions: ['tanggapi', 'koordinasikan'],
      note: 'Siapkan data SPBE bersama.',
      dueAt,
    });
    expect(root.status).toBe(201);
    const toKabid = root.body.find((d: { toPositionId: string }) => d.toPositionId === p['KABID-APTIKA']);
    const toSekdis = root.body.find((d: { toPositionId: string }) => d.toPositionId === p['SEKDIS-KOMINFO']);

    // Kasi is not on the letter until kabid disposes to them.
    await t.http().get(`/api/v1/letters/${letter.id}`).set('Authorization', await auth('kasi.aptika')).expect(404);
    const child = await dispose(t, letter.id, 'kabid.aptika', { parentDispositionId: toKabid.id, toPositionIds: [p['KASI-APTIKA']], instructions: ['proses'], note: 'Kumpulkan datanya.', dueAt });
    expect(child.status).toBe(201);
    expect(child.body[0]).toMatchObject({ parentId: toKabid.id, fromPositionId: p['KABID-APTIKA'], toPositionId: p['KASI-APTIKA'] });
    // Kabid may not dispose sideways or someone else's disposition.
    expect((await dispose(t, letter.id, 'kabid.aptika', { parentDispositionId: toKabid.id, toPositionIds: [p['SEKDIS-KOMINFO']] })).body.code).toBe('NOT_A_SUBORDINATE');
    expect((await dispose(t, letter.id, 'kabid.aptika', { parentDispositionId: toSekdis.id, toPositionIds: [p['KASI-APTIKA']] })).body.code).toBe('NOT_THE_RECIPIENT');

    expect((await inboxOf('kasi.aptika')).items).toEqual(expect.arrayContaining([expect.objectContaining({ letterId: letter.id, kind: 'follow_up' })]));
    const report = await dispositionAction(t, child.body[0].id, 'kasi.aptika', 'report', { text: 'Data SPBE sudah dikumpulkan dan dikirim ke Kabid.' });
    expect(report.status).toBe(200);
    const kabidNotes = await t.sql(`SELECT kind FROM notification WHERE letter_id = $1 AND position_id = $2`, [letter.id, p['KABID-APTIKA']]);
    expect(kabidNotes.map((n) => n.kind)).toContain('disposition_report');

    const tree = await t.http().get(`/api/v1/letters/${letter.id}/dispositions`).set('Authorization', await auth('kadis.kominfo')).expect(200);
    const byTo = (list: { toPositionId: string }[], pos: string) => list.find((d) => d.toPositionId === pos) as any;
    expect(tree.body.dispositions).toHaveLength(2);
    const kabidNode = byTo(tree.body.dispositions, p['KABID-APTIKA']);
    expect(kabidNode).toMatchObject({ status: 'read', instructions: [{ key: 'tanggapi', label: 'Tanggapi dan saran' }, { key: 'koordinasikan', label: 'Koordinasikan' }], note: 'Siapkan data SPBE bersama.' });
    expect(kabidNode.children).toEqual([
      expect.objectContaining({ toPositionId: p['KASI-APTIKA'], status: 'reported', report: 'Data SPBE sudah dikumpulkan dan dikirim ke Kabid.', readAt: expect.any(String), children: [] }),
    ]);
    expect(byTo(tree.body.dispositions, p['SEKDIS-KOMINFO'])).toMatchObject({ status: 'sent', readAt: null, children: [] });

    // Kasi sees their own branch; sekdis sees theirs (and reading it records the receipt).
    const kasiTree = await t.http().get(`/api/v1/letters/${letter.id}/dispositions`).set('Authorization', await auth('kasi.aptika')).expect(200);
    expect(kasiTree.body.dispositions).toEqual([expect.objectContaining({ toPositionId: p['KASI-APTIKA'] })]);
    const sekdisTree = await t.http().get(`/api/v1/letters/${letter.id}/dispositions`).set('Authorization', await auth('sekdis.kominfo')).expect(200);
    expect(sekdisTree.body.dispositions).toEqual([expect.objectContaining({ toPositionId: p['SEKDIS-KOMINFO'], status: 'read' })]);

    const history = await t.http().get(`/api/v1/letters/${letter.id}/history`).set('Authorization', await auth('kadis.kominfo')).expect(200);
    expect(history.body.map((h: { event: string }) => h.event)).toEqual(['$start', 'dispose', 'dispose_further']);
  });

  it('(e) a Rahasia nota dinas is invisible to staff who are not on it, in every list and count', async () => {
    const outsiders = ['walikota', 'sekda', 'kadis.dinkes', 'arsiparis', 'tu.kominfo', 'admin'];
    const before = new Map<string, { total: number; inbox: number }>();
    for (const u of outsiders) before.set(u, { total: (await listOf(u)).total, inbox: (await inboxOf(u)).total });

    const letter = await draftLetter(t, {
      type: 'nota-dinas',
      sifat: 'rahasia',
      subject: 'Evaluasi Kinerja Pejabat Pengelola SPBE',
      recipientPositionIds: [p['SEKDIS-KOMINFO']],
      tembusanPositionIds: [],
      reviewers: [{ positionIds: [p['KABID-APTIKA']] }],
      signers: [{ positionIds: [p['KADIS-KOMINFO']] }],
    });
    await fire(t, letter.id, 'staf.kominfo', 'submit');

    for (const u of outsiders) {
      const list = await listOf(u);
      expect({ u, ids: list.items.map((i: { id: string }) => i.id), total: list.total }).toEqual({ u, ids: expect.not.arrayContaining([letter.id]), total: before.get(u)!.total });
      const inbox = await inboxOf(u);
      expect({ u, ids: inbox.items.map((i: { letterId: string }) => i.letterId), total: inbox.total }).toEqual({ u, ids: expect.not.arrayContaining([letter.id]), total: before.get(u)!.inbox });
      for (const path of ['', '/history', '/versions', '/dispositions']) {
        const res = await t.http().get(`/api/v1/letters/${letter.id}${path}`).set('Authorization', await auth(u));
        expect({ u, path, status: res.status }).toEqual({ u, path, status: 404 });
      }
    }
    // kasi.aptika is staff of the same bidang but not on this letter.
    const kasi = await listOf('kasi.aptika');
    expect(kasi.items.map((i: { id: string }) => i.id)).not.toContain(letter.id);
    // The reviewer on it sees it.
    expect((await inboxOf('kabid.aptika')).items).toEqual(expect.arrayContaining([expect.objectContaining({ letterId: letter.id, kind: 'review' })]));
  });
});
