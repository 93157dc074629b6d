import { dispose, dispositionAction, registerIncoming } from '../factories/correspondence.factory';
import { draftLetter, fire, positionIds } from '../factories/letters.factory';
import { DispositionDeadlines } from '../../src/letters/dispositions/disposition-deadlines.service';
import { createTestApp, TestApp } from '../helpers/test-app';

// Whole-app HTTP flows; the e2e project's testTimeout does not reach hooks under every runner.
jest.setTimeout(60_000);

describe('Dispositions (disposisi)', () => {
  let t: TestApp;
  let p: Record<string, string>;
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;
  const tree = async (letterId: string, username: string) =>
    (await t.http().get(`/api/v1/letters/${letterId}/dispositions`).set('Authorization', await auth(username)).expect(200)).body.dispositions;

  beforeAll(async () => {
    t = await createTestApp();
    p = await positionIds(t);
  });
  afterAll(() => t.close());

  it('offers the configured instructions and refuses unknown ones', async () => {
    const list = await t.http().get('/api/v1/disposition-instructions').set('Authorization', await auth('kadis.kominfo')).expect(200);
    expect(list.body.map((i: { label: string }) => i.label)).toEqual(expect.arrayContaining(['Tanggapi dan saran', 'Untuk diketahui', 'Arsipkan']));
    const letter = await registerIncoming(t);
    const res = await dispose(t, letter.id, 'kadis.kominfo', { toPositionIds: [p['KABID-APTIKA']], instructions: ['terbang'] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('UNKNOWN_INSTRUCTION');
  });

  it('only the addressee disposes, only downwards, and only an incoming letter', async () => {
    const letter = await registerIncoming(t);
    const notAddressee = await dispose(t, letter.id, 'sekdis.kominfo', { toPositionIds: [p['KASI-APTIKA']] });
    expect(notAddressee.status).toBe(404); // sekdis is not on the letter yet: it does not exist for them
    const registrar = await dispose(t, letter.id, 'tu.kominfo', { toPositionIds: [p['KASI-APTIKA']] });
    expect(registrar.status).toBe(403);
    expect(registrar.body.code).toBe('NOT_ALLOWED_TO_DISPOSE');
    const upwards = await dispose(t, letter.id, 'kadis.kominfo', { toPositionIds: [p.SEKDA] });
    expect(upwards.status).toBe(422);
    expect(upwards.body).toMatchObject({ code: 'NOT_A_SUBORDINATE', details: { positionIds: [p.SEKDA] } });
    const sideways = await dispose(t, letter.id, 'kadis.kominfo', { toPositionIds: [p['KADIS-DINKES']] });
    expect(sideways.status).toBe(422);
    const bad = await dispose(t, letter.id, 'kadis.kominfo', { toPositionIds: [] });
    expect(bad.status).toBe(400);
    const past = await dispose(t, letter.id, 'kadis.kominfo', { toPositionIds: [p['KABID-APTIKA']], dueAt: '2020-01-01T00:00:00Z' });
    expect(past.body.code).toBe('DUE_DATE_IN_PAST');
    const [{ n }] = await t.sql('SELECT count(*)::int AS n FROM disposition WHERE letter_id = $1', [letter.id]);
    expect(n).toBe(0);
    const [{ state }] = await t.sql('SELECT state FROM letter WHERE id = $1', [letter.id]);
    expect(state).toBe('registered');

    const outgoing = await draftLetter(t);
    const notIncoming = await dispose(t, outgoing.id, 'staf.kominfo', { toPositionIds: [p['KASI-APTIKA']] });
    expect(notIncoming.status).toBe(422);
    expect(notIncoming.body.code).toBe('NOT_AN_INCOMING_LETTER');
  });

  it('disposes through the workflow: history, inbox (follow_up), notification, deadline, read receipt', async () => {
    const letter = await registerIncoming(t);
    const dueAt = new Date(Date.now() + 3 * 86400_000).toISOString();
    const res = await dispose(t, letter.id, 'kadis.kominfo', { toPositionIds: [p['KABID-APTIKA']], instructions: ['tanggapi', 'koordinasikan'], note: 'Segera tindak lanjuti', dueAt });
    expect(res.status).toBe(201);
    expect(res.body).toEqual([
      expect.objectContaining({ toPositionId: p['KABID-APTIKA'], fromPositionId: p['KADIS-KOMINFO'], status: 'sent', note: 'Segera tindak lanjuti',
        instructions: [{ key: 'tanggapi', label: 'Tanggapi dan saran' }, { key: 'koordinasikan', label: 'Koordinasikan' }] }),
    ]);
    const [row] = await t.sql('SELECT state, version FROM letter WHERE id = $1', [letter.id]);
    expect(row).toEqual({ state: 'disposed', version: 2 });
    const history = await t.http().get(`/api/v1/letters/${letter.id}/history`).set('Authorization', await auth('kadis.kominfo')).expect(200);
    expect(history.body.map((h: { event: string }) => h.event)).toEqual(['$start', 'dispose']);
    expect(history.body[1].comment).toBe('Segera tindak lanjuti');
    const deadlines = await t.sql(`SELECT state FROM letter_deadline WHERE letter_id = $1 AND cancelled_at IS NULL`, [letter.id]);
    expect(deadlines).toEqual([{ state: 'disposed' }]);

    const kabidInbox = await t.http().get('/api/v1/inbox').set('Authorization', await auth('kabid.aptika')).expect(200);
    expect(kabidInbox.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ letterId: letter.id, kind: 'follow_up' })]));
    const kadisInbox = await t.http().get('/api/v1/inbox').set('Authorization', await auth('kadis.kominfo')).expect(200);
    expect(kadisInbox.body.items.map((i: { letterId: string }) => i.letterId)).not.toContain(letter.id);
    const notes = await t.sql(`SELECT kind FROM notification WHERE letter_id = $1 AND position_id = $2`, [letter.id, p['KABID-APTIKA']]);
    expect(notes.map((n) => n.kind)).toContain('disposition');

    const id = res.body[0].id;
    const read = await dispositionAction(t, id, 'kabid.aptika', 'read');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ status: 'read', readAt: expect.any(String) });
    expect((await dispositionAction(t, id, 'kasi.aptika', 'read')).status).toBe(404);
    const recall = await dispositionAction(t, id, 'kadis.kominfo', 'recall');
    expect(recall.status).toBe(409);
    expect(recall.body.code).toBe('ALREADY_READ');
  });

  it('recalls an unread disposition: the recipient loses the letter and the inbox entry', async () => {
    const letter = await registerIncoming(t, { sifat: 'rahasia' });
    const res = await dispose(t, letter.id, 'kadis.kominfo', { toPositionIds: [p['KABID-APTIKA'], p['SEKDIS-KOMINFO']] });
    expect(res.status).toBe(201);
    const toKabid = res.body.find((d: { toPositionId: string }) => d.toPositionId === p['KABID-APTIKA']);
    await t.http().get(`/api/v1/letters/${letter.id}`).set('Authorization', await auth('kabid.aptika')).expect(200);
    expect((await dispositionAction(t, toKabid.id, 'sekdis.kominfo', 'recall')).status).toBe(403);
    const recalled = await dispositionAction(t, toKabid.id, 'kadis.kominfo', 'recall');
    expect(recalled.status).toBe(200);
    expect(recalled.body).toMatchObject({ status: 'recalled', recalledAt: expect.any(String) });
    await t.http().get(`/api/v1/letters/${letter.id}`).set('Authorization', await auth('kabid.aptika')).expect(404);
    const inbox = await t.http().get('/api/v1/inbox').set('Authorization', await auth('kabid.aptika')).expect(200);
    expect(inbox.body.items.map((i: { letterId: string }) => i.letterId)).not.toContain(letter.id);
    expect((await dispositionAction(t, toKabid.id, 'kadis.kominfo', 'recall')).body.code).toBe('DISPOSITION_NOT_OPEN');
    // sekdis still has theirs.
    const sekdisTree = await tree(letter.id, 'sekdis.kominfo');
    expect(sekdisTree).toEqual([expect.objectContaining({ toPositionId: p['SEKDIS-KOMINFO'], status: 'read' })]);
    const whole = await tree(letter.id, 'kadis.kominfo');
    expect(whole.map((d: { status: string }) => d.status).sort()).toEqual(['read', 'recalled']);
  });

  it('escalates a disposition past its own deadline once: the recipient\'s superior and the sender are told', async () => {
    const letter = await registerIncoming(t);
    const res = await dispose(t, letter.id, 'kadis.kominfo', { toPositionIds: [p['KABID-APTIKA']], dueAt: new Date(Date.now() + 60_000).toISOString() });
    // The child inherits the parent's deadline (a later one would be refused).
    const child = await dispose(t, letter.id, 'kabid.aptika', { parentDispositionId: res.body[0].id, toPositionIds: [p['KASI-APTIKA']] });
    expect(child.status).toBe(201);
    // Time passes for kasi's disposition only.
    await t.sql(`UPDATE disposition SET due_at = now() - interval '1 minute' WHERE id = $1`, [child.body[0].id]);
    const deadlines = t.app.get(DispositionDeadlines);
    expect(await deadlines.escalateOverdue()).toBe(1);
    expect(await deadlines.escalateOverdue()).toBe(0);
    const notes = await t.sql(`SELECT position_id FROM notification WHERE letter_id = $1 AND kind = 'disposition_overdue'`, [letter.id]);
    // Kabid is both kasi's superior and the sender: told once.
    expect(notes).toEqual([{ position_id: p['KABID-APTIKA'] }]);
    const tree = await t.http().get(`/api/v1/letters/${letter.id}/dispositions`).set('Authorization', await auth('kadis.kominfo')).expect(200);
    expect(tree.body.dispositions[0]).toMatchObject({ overdue: false, children: [expect.objectContaining({ overdue: true })] });
  });

  it('reports with a PDF attachment, marks done, then the letter is followed up and the addressee completes it', async () => {
    const letter = await registerIncoming(t);
    const res = await dispose(t, letter.id, 'kadis.kominfo', { toPositionIds: [p['KABID-APTIKA'], p['SEKDIS-KOMINFO']], instructions: ['hadiri'] });
    const [kabid, sekdis] = [p['KABID-APTIKA'], p['SEKDIS-KOMINFO']].map((pos) => res.body.find((d: { toPositionId: string }) => d.toPositionId === pos).id);

    expect((await dispositionAction(t, kabid, 'kabid.aptika', 'report', {})).status).toBe(400);
    expect((await dispositionAction(t, kabid, 'sekdis.kominfo', 'report', { text: 'Bukan saya' })).status).toBe(403);
    const { scannedPdf } = await import('../factories/correspondence.factory');
    const report = await t.http().post(`/api/v1/dispositions/${kabid}/report`).set('Authorization', await auth('kabid.aptika'))
      .field('text', 'Sudah dihadiri, notulen terlampir').attach('attachment', await scannedPdf('Notulen'), { filename: 'notulen.pdf', contentType: 'application/pdf' });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ status: 'reported', report: 'Sudah dihadiri, notulen terlampir', reportAttachmentId: expect.any(String) });
    // One branch is still open: the letter stays disposed.
    expect((await t.sql('SELECT state FROM letter WHERE id = $1', [letter.id]))[0].state).toBe('disposed');
    expect((await dispositionAction(t, kabid, 'kabid.aptika', 'report', { text: 'Lagi' })).status).toBe(422);

    const done = await dispositionAction(t, sekdis, 'sekdis.kominfo', 'done');
    expect(done.status).toBe(200);
    expect((await t.sql('SELECT state FROM letter WHERE id = $1', [letter.id]))[0].state).toBe('followed_up');
    const kadisInbox = await t.http().get('/api/v1/inbox').set('Authorization', await auth('kadis.kominfo')).expect(200);
    expect(kadisInbox.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ letterId: letter.id, kind: 'dispose' })]));
    const kabidInbox = await t.http().get('/api/v1/inbox').set('Authorization', await auth('kabid.aptika')).expect(200);
    expect(kabidInbox.body.items.map((i: { letterId: string }) => i.letterId)).not.toContain(letter.id);

    expect((await fire(t, letter.id, 'kadis.kominfo', 'complete')).body.state).toBe('done');
    const history = await t.http().get(`/api/v1/letters/${letter.id}/history`).set('Authorization', await auth('kadis.kominfo')).expect(200);
    expect(history.body.map((h: { event: string }) => h.event)).toEqual(['$start', 'dispose', 'report', 'complete']);
    const further = await dispose(t, letter.id, 'kadis.kominfo', { toPositionIds: [p['KASI-APTIKA']] });
    expect(further.status).toBe(422);
    expect(further.body.code).toBe('LETTER_CLOSED');
  });
  it("a sub-disposition inherits its parent's deadline, may be earlier, and is refused a later one", async () => {
    const letter = await registerIncoming(t);
    const parentDue = new Date(Date.now() + 5 * 86400_000);
    const root = await dispose(t, letter.id, 'kadis.kominfo', { toPositionIds: [p['KABID-APTIKA']], dueAt: parentDue.toISOString() });
    expect(root.status).toBe(201);
    const later = await dispose(t, letter.id, 'kabid.aptika', {
      parentDispositionId: root.body[0].id,
      toPositionIds: [p['KASI-APTIKA']],
      dueAt: new Date(parentDue.getTime() + 86400_000).toISOString(),
    });
    expect(later.status).toBe(422);
    expect(later.body).toMatchObject({ code: 'DUE_AFTER_PARENT', details: { field: 'dueAt', parentDueAt: parentDue.toISOString() } });
    expect(await t.sql('SELECT count(*)::int AS n FROM disposition WHERE letter_id = $1', [letter.id])).toEqual([{ n: 1 }]);

    const inherited = await dispose(t, letter.id, 'kabid.aptika', { parentDispositionId: root.body[0].id, toPositionIds: [p['KASI-APTIKA']] });
    expect(inherited.status).toBe(201);
    expect(new Date(inherited.body[0].dueAt).toISOString()).toBe(parentDue.toISOString());
    const earlier = new Date(parentDue.getTime() - 86400_000).toISOString();
    const tighter = await dispose(t, letter.id, 'kabid.aptika', { parentDispositionId: root.body[0].id, toPositionIds: [p['STAF-APTIKA']], dueAt: earlier });
    expect(new Date(tighter.body[0].dueAt).toISOString()).toBe(earlier);
    // Without a parent deadline the child has none unless it is given one.
    const open = await dispose(t, letter.id, 'kadis.kominfo', { toPositionIds: [p['SEKDIS-KOMINFO']] });
    const child = await dispose(t, letter.id, 'sekdis.kominfo', { parentDispositionId: open.body[0].id, toPositionIds: [p['PENGADMINISTRASI-UMUM']] });
    expect(child.body[0].dueAt).toBeNull();
    const rows = await t.sql('SELECT to_position_id, due_at FROM disposition WHERE parent_id = $1 ORDER BY due_at', [root.body[0].id]);
    expect(rows.map((r) => r.due_at.toISOString())).toEqual([earlier, parentDue.toISOString()]);
  });

  it('serves the PDF of a report to whoever sees the letter, and not to others', async () => {
    const letter = await registerIncoming(t);
    const res = await dispose(t, letter.id, 'kadis.kominfo', { toPositionIds: [p['KABID-APTIKA'], p['SEKDIS-KOMINFO']] });
    const kabid = res.body.find((d: { toPositionId: string }) => d.toPositionId === p['KABID-APTIKA']).id;
    const sekdis = res.body.find((d: { toPositionId: string }) => d.toPositionId === p['SEKDIS-KOMINFO']).id;
    const { scannedPdf } = await import('../factories/correspondence.factory');
    await t.http().post(`/api/v1/dispositions/${kabid}/report`).set('Authorization', await auth('kabid.aptika'))
      .field('text', 'Laporan dengan lampiran').attach('attachment', await scannedPdf('Laporan'), { filename: 'laporan.pdf', contentType: 'application/pdf' }).expect(200);
    const file = await t.http().get(`/api/v1/dispositions/${kabid}/report-attachment`).set('Authorization', await auth('kadis.kominfo')).expect(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(file.body).subarray(0, 5).toString()).toBe('%PDF-');
    await t.http().get(`/api/v1/dispositions/${kabid}/report-attachment`).set('Authorization', await auth('kadis.dinkes')).expect(404);
    const none = await t.http().get(`/api/v1/dispositions/${sekdis}/report-attachment`).set('Authorization', await auth('kadis.kominfo'));
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('REPORT_ATTACHMENT_NOT_FOUND');
    const audit = await t.sql(`SELECT count(*)::int AS n FROM audit_entry WHERE letter_id = $1 AND action = 'letter.document_download'`, [letter.id]);
    expect(audit[0].n).toBe(1);
  });
});
