import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeadlineService } from '../../src/workflow/deadlines/deadline.service';
import { draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('Workflow engine over HTTP', () => {
  let t: TestApp;
  let p: Record<string, string>;
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;

  beforeAll(async () => {
    t = await createTestApp();
    p = await positionIds(t);
  });
  afterAll(() => t.close());

  it('walks a surat dinas through paraf berjenjang and TTE, with history, inbox and allowed events at each step', async () => {
    const letter = await draftLetter(t);
    expect(letter.body).toMatchObject({ state: 'draft', version: 1, revision: 1, type: 'surat-keluar' });
    expect(letter.body.allowedEvents.map((e: { event: string }) => e.event).sort()).toEqual(['cancel', 'submit']);

    // A reviewer sees nothing to do on a draft yet.
    const kasiBefore = await t.http().get('/api/v1/inbox').set('Authorization', await auth('kasi.aptika')).expect(200);
    expect(kasiBefore.body.items.map((i: { letterId: string }) => i.letterId)).not.toContain(letter.id);

    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    const kasiInbox = await t.http().get('/api/v1/inbox').set('Authorization', await auth('kasi.aptika')).expect(200);
    expect(kasiInbox.body.items).toEqual([expect.objectContaining({ letterId: letter.id, kind: 'review', positionId: p['KASI-APTIKA'], viaDelegation: false })]);
    expect(kasiInbox.body.counts).toEqual({ review: 1 });

    const kasiView = await t.http().get(`/api/v1/letters/${letter.id}`).set('Authorization', await auth('kasi.aptika')).expect(200);
    expect(kasiView.body.allowedEvents.map((e: { event: string }) => e.event).sort()).toEqual(['approve', 'reject', 'return']);
    // The next reviewer may not act before their turn.
    const early = await fire(t, letter.id, 'kabid.aptika', 'approve');
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('ACTOR_NOT_ALLOWED');
    // Named as users know them; the ids are in the details.
    expect(early.body.message).toBe('Agus Setiawan, S.T., M.Kom. may not fire "approve" now; allowed: an assignee of the current step (Kepala Seksi Pengembangan Aplikasi)');
    expect(early.body.message).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    const [kabid] = await t.sql(`SELECT id FROM person WHERE username = 'kabid.aptika'`);
    expect(early.body.details).toEqual({ personId: kabid.id, event: 'approve', allowed: [{ kind: 'stepAssignee', positionIds: [p['KASI-APTIKA']] }] });

    for (const reviewer of ['kasi.aptika', 'kabid.aptika', 'sekdis.kominfo']) {
      const res = await fire(t, letter.id, reviewer, 'approve');
      expect(res.status).toBe(200);
    }
    const kadisInbox = await t.http().get('/api/v1/inbox').set('Authorization', await auth('kadis.kominfo')).expect(200);
    expect(kadisInbox.body.items).toEqual([expect.objectContaining({ letterId: letter.id, kind: 'sign' })]);
    const signed = await fire(t, letter.id, 'kadis.kominfo', 'sign');
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ state: 'signed', version: 6 });

    const history = await t.http().get(`/api/v1/letters/${letter.id}/history`).set('Authorization', await auth('staf.kominfo')).expect(200);
    expect(history.body.map((h: { event: string; from: string | null; to: string }) => `${h.event}:${h.from}->${h.to}`)).toEqual([
      '$start:null->draft',
      'submit:draft->review',
      'approve:review->review',
      'approve:review->review',
      'approve:review->awaiting_signature',
      'sign:awaiting_signature->signed',
    ]);
    expect(history.body[5]).toMatchObject({ capacity: 'holder', actedAsPositionId: p['KADIS-KOMINFO'], actorLabel: expect.stringContaining('sebagai Kepala Dinas Komunikasi dan Informatika') });

    // Committed effects reach the queue through the outbox and run in the workers.
    await eventually(async () => {
      const [n] = await t.sql(`SELECT count(*)::int AS n FROM outbox_event WHERE letter_id = $1 AND dispatched_at IS NULL`, [letter.id]);
      return n.n === 0;
    });
    await eventually(async () => {
      const rows = await t.sql(`SELECT kind FROM notification WHERE letter_id = $1 AND position_id = $2`, [letter.id, p['KADIS-KOMINFO']]);
      return rows.some((r) => r.kind === 'sign_request');
    });
    const events = await t.sql(`SELECT count(*)::int AS n FROM outbox_event WHERE letter_id = $1 AND type = 'letter.transitioned'`, [letter.id]);
    expect(events[0].n).toBe(6);
  });

  it('refuses a stale version with 409, an event not allowed now with 422, and hides the letter from outsiders', async () => {
    const letter = await draftLetter(t);
    const staf = await auth('staf.kominfo');
    const stale = await t.http().post(`/api/v1/letters/${letter.id}/transitions`).set('Authorization', staf).send({ event: 'submit', version: 7 }).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const notNow = await t.http().post(`/api/v1/letters/${letter.id}/transitions`).set('Authorization', staf).send({ event: 'sign', version: 1 }).expect(422);
    expect(notNow.body.code).toBe('TRANSITION_NOT_ALLOWED');
    const unknown = await t.http().post(`/api/v1/letters/${letter.id}/transitions`).set('Authorization', staf).send({ event: 'terbang', version: 1 }).expect(422);
    expect(unknown.body.code).toBe('UNKNOWN_EVENT');
    const bad = await t.http().post(`/api/v1/letters/${letter.id}/transitions`).set('Authorization', staf).send({ event: 'submit', version: 'satu' }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');

    // kadis.dinkes is a recipient, but only once the letter is sent; the archivist sees biasa letters.
    const outsider = await t.http().get(`/api/v1/letters/${letter.id}`).set('Authorization', await auth('walikota')).expect(404);
    expect(outsider.body.code).toBe('LETTER_NOT_FOUND');
    await t.http().post(`/api/v1/letters/${letter.id}/transitions`).set('Authorization', await auth('walikota')).send({ event: 'submit', version: 1 }).expect(404);
    await t.http().get(`/api/v1/letters/${letter.id}/history`).set('Authorization', await auth('admin')).expect(404);
    await t.http().get(`/api/v1/letters/${letter.id}`).set('Authorization', await auth('arsiparis')).expect(200);
    await t.http().get('/api/v1/letters/00000000-0000-4000-8000-000000000000').set('Authorization', staf).expect(404);
  });

  it('returns to the drafter with a required note, keeps both versions, and restarts the route on resubmission', async () => {
    const letter = await draftLetter(t);
    await fire(t, letter.id, 'staf.kominfo', 'submit');
    await fire(t, letter.id, 'kasi.aptika', 'approve');
    const noNote = await fire(t, letter.id, 'kabid.aptika', 'return');
    expect(noNote.status).toBe(422);
    expect(noNote.body.code).toBe('NOTE_REQUIRED');
    const returned = await fire(t, letter.id, 'kabid.aptika', 'return', { comment: 'Lengkapi dasar hukum pada paragraf pertama.' });
    expect(returned.status).toBe(200);
    expect(returned.body.state).toBe('returned');

    const stafInbox = await t.http().get('/api/v1/inbox?kind=revise').set('Authorization', await auth('staf.kominfo')).expect(200);
    expect(stafInbox.body.items.map((i: { letterId: string }) => i.letterId)).toContain(letter.id);

    const current = await t.http().get(`/api/v1/letters/${letter.id}`).set('Authorization', await auth('staf.kominfo')).expect(200);
    await t.http().patch(`/api/v1/letters/${letter.id}`).set('Authorization', await auth('staf.kominfo'))
      .send({ version: current.body.version, body: { paragraphs: ['Berdasarkan Perwal Nomor 12 Tahun 2025, kami mohon dukungan Saudara.'] } })
      .expect(200);
    expect((await fire(t, letter.id, 'staf.kominfo', 'resubmit')).body.state).toBe('review');

    const versions = await t.http().get(`/api/v1/letters/${letter.id}/versions`).set('Authorization', await auth('kabid.aptika')).expect(200);
    expect(versions.body).toHaveLength(2);
    expect(versions.body[0].content.body.paragraphs[0]).toMatch(/^Dalam rangka/);
    expect(versions.body[1].content.body.paragraphs[0]).toMatch(/^Berdasarkan Perwal/);

    // The route starts again at Kasi.
    const kasi = await t.http().get(`/api/v1/letters/${letter.id}`).set('Authorization', await auth('kasi.aptika')).expect(200);
    expect(kasi.body.allowedEvents.map((e: { event: string }) => e.event)).toContain('approve');
    expect(kasi.body.revision).toBe(2);
    const history = await t.http().get(`/api/v1/letters/${letter.id}/history`).set('Authorization', await auth('staf.kominfo')).expect(200);
    expect(history.body.find((h: { event: string }) => h.event === 'return').comment).toBe('Lengkapi dasar hukum pada paragraf pertama.');
  });

  it('50 concurrent paraf on one step: exactly one succeeds, the rest get 409 or 422, one history row', async () => {
    const letter = await draftLetter(t, { reviewers: [{ positionIds: [p['KASI-APTIKA']] }, { positionIds: [p['KABID-APTIKA']] }] });
    await fire(t, letter.id, 'staf.kominfo', 'submit');
    const token = await auth('kasi.aptika');
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => t.http().post(`/api/v1/letters/${letter.id}/transitions`).set('Authorization', token).send({ event: 'approve', version: 2 })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 409 || s === 422)).toBe(true);
    const rows = await t.sql(`SELECT count(*)::int AS n FROM letter_history WHERE letter_id = $1 AND event = 'approve'`, [letter.id]);
    expect(rows[0].n).toBe(1);
  });

  it('a Plh signs for the Kepala Dinas, and history says so', async () => {
    const letter = await draftLetter(t, { reviewers: [{ positionIds: [p['KABID-APTIKA']] }] });
    await fire(t, letter.id, 'staf.kominfo', 'submit');
    await fire(t, letter.id, 'kabid.aptika', 'approve');
    // Before the delegation, sekdis may not sign.
    expect((await fire(t, letter.id, 'sekdis.kominfo', 'sign')).status).toBe(404);
    await t.http().post('/api/v1/delegations').set('Authorization', await auth('kadis.kominfo'))
      .send({ kind: 'plh', personId: (await t.sql(`SELECT id FROM person WHERE username = 'sekdis.kominfo'`))[0].id, positionId: p['KADIS-KOMINFO'], startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: new Date(Date.now() + 86400_000).toISOString() })
      .expect(201);
    // A fresh token is not needed: delegations are read at every request.
    const inbox = await t.http().get('/api/v1/inbox').set('Authorization', await auth('sekdis.kominfo')).expect(200);
    expect(inbox.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ letterId: letter.id, kind: 'sign', viaDelegation: true })]));
    const signed = await fire(t, letter.id, 'sekdis.kominfo', 'sign');
    expect(signed.status).toBe(200);
    const history = await t.http().get(`/api/v1/letters/${letter.id}/history`).set('Authorization', await auth('staf.kominfo')).expect(200);
    const sign = history.body.find((h: { event: string }) => h.event === 'sign');
    expect(sign).toMatchObject({ capacity: 'plh', actedAsPositionId: p['KADIS-KOMINFO'] });
    expect(sign.actorLabel).toBe('Dewi Kartikasari, S.Kom., M.T. (sekdis.kominfo) sebagai Plh. Kepala Dinas Komunikasi dan Informatika');
    await t.sql(`UPDATE delegation SET revoked_at = now()`);
  });

  it('the example plugin refuses to sign a letter without a classification code (422 PLUGIN_REFUSED), and nothing is written', async () => {
    const letter = await draftLetter(t, { classificationCode: null, reviewers: [{ positionIds: [p['KABID-APTIKA']] }] });
    await fire(t, letter.id, 'staf.kominfo', 'submit');
    await fire(t, letter.id, 'kabid.aptika', 'approve');
    const refused = await fire(t, letter.id, 'kadis.kominfo', 'sign');
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'PLUGIN_REFUSED', details: { plugin: 'classification-required' } });
    expect(refused.body.message).toMatch(/Kode klasifikasi/);
    const [row] = await t.sql(`SELECT state, version FROM letter WHERE id = $1`, [letter.id]);
    expect(row).toEqual({ state: 'awaiting_signature', version: 3 });
    const history = await t.sql(`SELECT count(*)::int AS n FROM letter_history WHERE letter_id = $1`, [letter.id]);
    expect(history[0].n).toBe(3);
  });

  it('a parallel "any" step is satisfied by one of its positions', async () => {
    const letter = await draftLetter(t, { reviewers: [{ positionIds: [p['KASI-APTIKA'], p['SEKDIS-KOMINFO']], mode: 'any' }] });
    await fire(t, letter.id, 'staf.kominfo', 'submit');
    const res = await fire(t, letter.id, 'sekdis.kominfo', 'approve');
    expect(res.body.state).toBe('awaiting_signature');
    const kasi = await t.http().get('/api/v1/inbox').set('Authorization', await auth('kasi.aptika')).expect(200);
    expect(kasi.body.items.map((i: { letterId: string }) => i.letterId)).not.toContain(letter.id);
  });

  it('lists only letters the caller may see, with totals', async () => {
    const list = await t.http().get('/api/v1/letters?limit=2').set('Authorization', await auth('staf.kominfo')).expect(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.total).toBeGreaterThanOrEqual(6);
    const dinkes = await t.http().get('/api/v1/letters').set('Authorization', await auth('kadis.dinkes')).expect(200);
    expect(dinkes.body.total).toBe(0);
    await t.http().get('/api/v1/letters?limit=1000').set('Authorization', await auth('staf.kominfo')).expect(400);
  });
});

describe('Workflow deadlines', () => {
  it('a review deadline fires through a delayed job: the letter is marked overdue and the superior notified', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'esurat-wf-'));
    cpSync('workflows', dir, { recursive: true });
    const file = join(dir, 'surat-keluar.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\nurgencyDeadlines:[\s\S]*?\n(?=\S)/, '\n').replace('\ninitial:', '\nurgencyDeadlines:\n  sangat_segera: PT2S\n\ninitial:'));
    const t = await createTestApp({ WORKFLOWS_DIR: dir });
    try {
      const p = await positionIds(t);
      const letter = await draftLetter(t, { urgency: 'sangat_segera' });
      await fire(t, letter.id, 'staf.kominfo', 'submit');
      const [deadline] = await t.sql(`SELECT state, event, due_at FROM letter_deadline WHERE letter_id = $1`, [letter.id]);
      expect(deadline).toMatchObject({ state: 'review', event: 'overdue' });
      await eventually(async () => (await t.sql(`SELECT overdue FROM letter WHERE id = $1`, [letter.id]))[0].overdue, 15_000);
      const notices = await t.sql(`SELECT position_id, kind FROM notification WHERE letter_id = $1 AND kind = 'overdue'`, [letter.id]);
      // Kasi had to act; the notice goes to Kabid, Kasi's superior.
      await eventually(async () => (await t.sql(`SELECT 1 FROM notification WHERE letter_id = $1 AND kind = 'overdue' AND position_id = $2`, [letter.id, p['KABID-APTIKA']])).length > 0);
      expect(notices.every((n) => n.position_id === p['KABID-APTIKA'])).toBe(true);
      const history = await t.sql(`SELECT event, actor_label FROM letter_history WHERE letter_id = $1 ORDER BY seq`, [letter.id]);
      expect(history[history.length - 1]).toEqual({ event: 'overdue', actor_label: 'Sistem' });
      const [fired] = await t.sql(`SELECT fired_at FROM letter_deadline WHERE letter_id = $1`, [letter.id]);
      expect(fired.fired_at).not.toBeNull();
    } finally {
      await t.close();
    }
  });

  it('the sweep fires a deadline whose job never ran (workers were down)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'esurat-wf-'));
    cpSync('workflows', dir, { recursive: true });
    const file = join(dir, 'surat-keluar.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('\ninitial:', '\nurgencyDeadlines:\n  sangat_segera: PT1S\n\ninitial:'));
    // No workers: nothing relays the outbox or runs delayed jobs in this process.
    const t = await createTestApp({ WORKFLOWS_DIR: dir, WORKERS_ENABLED: 'false' });
    try {
      const letter = await draftLetter(t, { urgency: 'sangat_segera' });
      await fire(t, letter.id, 'staf.kominfo', 'submit');
      await new Promise((r) => setTimeout(r, 1500));
      expect((await t.sql(`SELECT overdue FROM letter WHERE id = $1`, [letter.id]))[0].overdue).toBe(false);
      const fired = await t.app.get(DeadlineService).sweepDue();
      expect(fired).toBe(1);
      const [row] = await t.sql(`SELECT state FROM letter WHERE id = $1`, [letter.id]);
      expect(row.state).toBe('review');
      const history = await t.sql(`SELECT event FROM letter_history WHERE letter_id = $1 ORDER BY seq DESC LIMIT 1`, [letter.id]);
      expect(history[0].event).toBe('overdue');
      expect(await t.app.get(DeadlineService).sweepDue()).toBe(0);
    } finally {
      await t.close();
    }
  });
});

describe('Workflow actions in the workers', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Entering review also files the letter here, so that one transition asks the workers for two actions.
    const dir = mkdtempSync(join(tmpdir(), 'esurat-wf-'));
    cpSync('workflows', dir, { recursive: true });
    const file = join(dir, 'surat-keluar.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('    onEntry: [renderDocument]\n    onStep: [notify]\n', '    onEntry: [renderDocument, archive]\n    onStep: [notify]\n'));
    t = await createTestApp({ WORKFLOWS_DIR: dir });
  });
  afterAll(() => t.close());

  const marks = (letterId: string) =>
    t.sql<{ name: string; done: boolean }>(
      `SELECT e.payload->>'name' AS name, EXISTS (SELECT 1 FROM workflow_action_done d WHERE d.outbox_id = e.id) AS done
         FROM outbox_event e WHERE e.letter_id = $1 AND e.type = 'workflow.action' ORDER BY e.id`,
      [letterId],
    );

  it('an API process without workers wakes the relay of a worker process over Redis, without waiting for its poll', async () => {
    const prefix = `test_wake_${Date.now()}`;
    // The worker's poll is a minute: within the test, only the wake-up can relay the event.
    // Their own database: no other relay polls it.
    const worker = await createTestApp({ QUEUE_PREFIX: prefix, OUTBOX_POLL_MS: '60000' });
    const api = await createTestApp({ QUEUE_PREFIX: prefix, WORKERS_ENABLED: 'false' }, { database: worker.dbName });
    try {
      const p = await positionIds(api);
      const letter = await draftLetter(api, { type: 'nota-dinas', reviewers: [{ positionIds: [p['KASI-APTIKA']] }] });
      expect((await fire(api, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
      // Entering review renders the draft: a job only the worker process runs.
      const drafts = await eventually(async () => {
        const rows = await api.sql(`SELECT kind FROM letter_document WHERE letter_id = $1`, [letter.id]);
        return rows.length > 0 && rows;
      }, 10_000);
      expect(drafts).toEqual([{ kind: 'draft' }]);
    } finally {
      await api.close();
      await worker.close();
    }
  });

  it('writes the notifications of a transition in the transition itself: they are there when it answers, and no job carries them', async () => {
    const p = await positionIds(t);
    const letter = await draftLetter(t, { reviewers: [{ positionIds: [p['KASI-APTIKA']] }] });
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    expect(await t.sql(`SELECT kind, message FROM notification WHERE letter_id = $1`, [letter.id])).toEqual([
      { kind: 'action_review', message: expect.stringMatching(/^Menunggu tindakan Anda: /) },
    ]);
    expect((await fire(t, letter.id, 'kasi.aptika', 'return', { comment: 'Perbaiki dasar hukum.' })).status).toBe(200);
    expect(await t.sql(`SELECT position_id, kind FROM notification WHERE letter_id = $1 AND kind <> 'action_review' ORDER BY id`, [letter.id])).toEqual([
      { position_id: p['STAF-APTIKA'], kind: 'action_revise' },
      { position_id: p['STAF-APTIKA'], kind: 'state_returned' },
    ]);
    expect((await marks(letter.id)).map((m) => m.name)).toEqual(['renderDocument', 'archive']);
  });

  it('runs the actions of one transition together; when one fails, the others still complete once and the failing one is retried', async () => {
    const p = await positionIds(t);
    // Fault: storing any draft render fails until the trigger is dropped.
    await t.sql(`CREATE FUNCTION refuse_draft() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'draft storage unavailable'; END $$`);
    await t.sql(`CREATE TRIGGER refuse_draft BEFORE INSERT ON letter_document FOR EACH ROW WHEN (NEW.kind = 'draft') EXECUTE FUNCTION refuse_draft()`);
    const letter = await draftLetter(t, { reviewers: [{ positionIds: [p['KASI-APTIKA']] }] });
    try {
      // Entering review asks the workers to render the draft and to file the letter (this test's workflow).
      expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
      await eventually(async () => (await marks(letter.id)).find((x) => x.name === 'archive')?.done);
      expect(await marks(letter.id)).toEqual([
        { name: 'renderDocument', done: false },
        { name: 'archive', done: true },
      ]);
      expect(await t.sql(`SELECT filed_at IS NOT NULL AS filed FROM letter WHERE id = $1`, [letter.id])).toEqual([{ filed: true }]);
      expect(await t.sql(`SELECT 1 FROM letter_document WHERE letter_id = $1`, [letter.id])).toEqual([]);
    } finally {
      await t.sql('DROP TRIGGER refuse_draft ON letter_document');
      await t.sql('DROP FUNCTION refuse_draft()');
    }
    // The job's retry (after its backoff) renders the draft; archive, already done, does not run again.
    await eventually(async () => (await marks(letter.id)).every((m) => m.done), 20_000);
    expect(await t.sql(`SELECT kind FROM letter_document WHERE letter_id = $1`, [letter.id])).toEqual([{ kind: 'draft' }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM workflow_action_done d JOIN outbox_event e ON e.id = d.outbox_id WHERE e.letter_id = $1`, [letter.id])).toEqual([{ n: 2 }]);
  });
});

describe('Workflow definition versions', () => {
  it('a letter keeps the definition it started with when the file changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'esurat-wf-'));
    cpSync('workflows', dir, { recursive: true });
    const first = await createTestApp({ WORKFLOWS_DIR: dir });
    let second: TestApp | undefined;
    try {
      const old = await draftLetter(first);
      const file = join(dir, 'surat-keluar.yaml');
      const shipped = Number(/^version: (\d+)$/m.exec(readFileSync(file, 'utf8'))![1]);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^version: \d+$/m, `version: ${shipped + 1}`).replace('label: Konsep\n', 'label: Konsep (baru)\n'));
      second = await createTestApp({ WORKFLOWS_DIR: dir }, { database: first.dbName });
      const t = second;
      const oldView = await t.http().get(`/api/v1/letters/${old.id}`).set('Authorization', `Bearer ${await t.token('staf.kominfo')}`).expect(200);
      expect(oldView.body.stateLabel).toBe('Konsep');
      const fresh = await draftLetter(t);
      expect(fresh.body.stateLabel).toBe('Konsep (baru)');
      expect((await fire(t, old.id, 'staf.kominfo', 'submit')).status).toBe(200);
      const defs = await t.sql(`SELECT version FROM workflow_definition WHERE key = 'surat-keluar' ORDER BY version`);
      expect(defs.map((d) => d.version)).toEqual([shipped, shipped + 1]);
    } finally {
      await second?.close();
      await first.close();
    }
  });

  it('refuses to start on a broken workflow file, naming the file and the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'esurat-wf-'));
    cpSync('workflows', dir, { recursive: true });
    const file = join(dir, 'nota-dinas.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('onEntry: [notify]', 'onEntry: [kirimMerpati]'));
    await expect(createTestApp({ WORKFLOWS_DIR: dir })).rejects.toThrow(/nota-dinas\.yaml.*kirimMerpati/);
  });
});
