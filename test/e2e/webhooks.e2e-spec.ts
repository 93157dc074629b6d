import { verifyWebhookSignature } from '../../clients/ts/src/webhook-signature';
import { approvalBody, ModuleSetup, setupSimpadu } from '../factories/approvals.factory';
import { eventually, fire } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { JobQueue } from '../../src/queue/job-queue.service';
import { QueueName } from '../../src/queue/jobs';

jest.setTimeout(60_000);

describe('Webhooks to modules', () => {
  let t: TestApp;
  let setup: ModuleSetup;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    t = await createTestApp({
      WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true',
      WEBHOOK_BACKOFF_BASE_MS: '100',
      WEBHOOK_BACKOFF_MAX_MS: '400',
      WEBHOOK_MAX_ATTEMPTS: '4',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_SWEEP_INTERVAL_MS: '500',
    });
    await receiver.start();
    setup = await setupSimpadu(t, [receiver.url]);
  });

  afterEach(() => {
    receiver.reply = () => 200;
  });

  afterAll(async () => {
    await receiver.stop();
    await t?.close();
  });

  const create = async (extra: Record<string, unknown> = {}) => {
    const res = await t.http().post('/api/v1/approvals').set('X-Api-Key', setup.apiKey).send(approvalBody(setup, { callbackUrl: receiver.url, ...extra }));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const hooksOf = (id: string) => receiver.received.filter((h) => h.body.data.approvalId === id);
  const admin = async () => `Bearer ${await t.token('admin')}`;

  it('signs each POST: HMAC-SHA256 of timestamp and raw body, event id and type headers, {id, type, occurredAt, data}', async () => {
    const id = await create();
    const [hook] = await eventually(async () => hooksOf(id).length >= 1 && hooksOf(id));
    const [request] = await t.sql('SELECT reference FROM approval_request WHERE letter_id = $1', [id]);
    const [start] = await t.sql('SELECT at FROM letter_history WHERE letter_id = $1 AND seq = 1', [id]);
    expect(hook.body).toEqual({
      id: hook.eventId,
      type: 'approval.pending',
      occurredAt: new Date(start.at).toISOString(),
      data: {
        approvalId: id,
        reference: request.reference,
        workflow: 'approval-basic',
        state: 'pending',
        previousState: null,
        event: '$start',
        sequence: 1,
        actor: 'Modul simpadu',
        comment: null,
        links: { approval: `http://localhost:3000/api/v1/approvals/${id}`, document: null },
      },
    });
    expect(hook.type).toBe('approval.pending');
    expect(hook.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(Math.abs(hook.timestamp - Date.now() / 1000)).toBeLessThan(30);
    expect(verifyWebhookSignature(setup.webhookSecret, hook.timestamp, hook.rawBody, hook.signature)).toBe(true);
    // Tampered body, another secret, or a replay outside the tolerance: refused.
    expect(verifyWebhookSignature(setup.webhookSecret, hook.timestamp, hook.rawBody.replace('pending', 'approved'), hook.signature)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', hook.timestamp, hook.rawBody, hook.signature)).toBe(false);
    expect(verifyWebhookSignature(setup.webhookSecret, hook.timestamp, hook.rawBody, hook.signature, { nowSeconds: hook.timestamp + 600 })).toBe(false);
  });

  it('retries after three 500s and delivers on the fourth attempt, logging every attempt', async () => {
    receiver.reply = (hook) => (receiver.received.filter((h) => h.eventId === hook.eventId).length <= 3 ? 500 : 200);
    const id = await create();
    const [event] = await eventually(async () => {
      const rows = await t.sql(`SELECT id, status, attempts FROM webhook_event WHERE letter_id = $1 AND status = 'delivered'`, [id]);
      return rows.length > 0 && rows;
    });
    expect(event.attempts).toBe(4);
    const log = await t.http().get(`/api/v1/admin/webhooks/${event.id}`).set('Authorization', await admin());
    expect(log.status).toBe(200);
    expect(log.body.attempts.map((a: any) => [a.attempt, a.status, a.statusCode])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'failed', 500],
      [4, 'ok', 200],
    ]);
    for (const a of log.body.attempts) expect(typeof a.latencyMs).toBe('number');
    expect(hooksOf(id).filter((h) => h.eventId === event.id)).toHaveLength(4);
  });

  it('delivers the events of one approval in order, even when an earlier one needs retries', async () => {
    // The first event (pending) fails twice; approved must not overtake it.
    receiver.reply = (hook) => (hook.type === 'approval.pending' && receiver.received.filter((h) => h.eventId === hook.eventId).length <= 2 ? 503 : 200);
    const id = await create({ approvers: [{ positionIds: [setup.positions['KABID-APTIKA']] }] });
    expect((await fire(t, id, 'kabid.aptika', 'approve')).status).toBe(200);
    await eventually(async () => hooksOf(id).some((h) => h.type === 'approval.approved'));
    expect(hooksOf(id).map((h) => h.type)).toEqual(['approval.pending', 'approval.pending', 'approval.pending', 'approval.approved']);
    expect(hooksOf(id).map((h) => h.body.data.sequence)).toEqual([1, 1, 1, 2]);
  });

  it('moves an event to the dead-letter list after the last attempt; an admin lists and re-sends it', async () => {
    receiver.reply = () => 500;
    const id = await create();
    const [dead] = await eventually(async () => {
      const rows = await t.sql(`SELECT id, attempts FROM webhook_event WHERE letter_id = $1 AND status = 'dead'`, [id]);
      return rows.length > 0 && rows;
    });
    expect(dead.attempts).toBe(4);
    const list = await t.http().get('/api/v1/admin/webhooks/dead-letters').set('Authorization', await admin());
    expect(list.status).toBe(200);
    expect(list.body.items.find((i: any) => i.id === dead.id)).toMatchObject({ approvalId: id, moduleName: 'simpadu', type: 'approval.pending', attempts: 4, lastError: 'HTTP 500' });
    // Modules and officials may not see it.
    expect((await t.http().get('/api/v1/admin/webhooks/dead-letters').set('X-Api-Key', setup.apiKey)).status).toBe(403);
    expect((await t.http().get('/api/v1/admin/webhooks/dead-letters').set('Authorization', `Bearer ${await t.token('kadis.kominfo')}`)).status).toBe(403);

    receiver.reply = () => 200;
    const resent = await t.http().post(`/api/v1/admin/webhooks/${dead.id}/resend`).set('Authorization', await admin());
    expect(resent.status).toBe(202);
    await eventually(async () => (await t.sql(`SELECT 1 FROM webhook_event WHERE id = $1 AND status = 'delivered'`, [dead.id])).length > 0);
    const again = await t.http().post(`/api/v1/admin/webhooks/${dead.id}/resend`).set('Authorization', await admin());
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('WEBHOOK_EVENT_NOT_DEAD');
  });

  it('sends a burst in jobs grouped by callback URL; a hanging callback holds back neither the POST nor the record of another', async () => {
    const slow = new WebhookReceiver();
    await slow.start();
    try {
      slow.reply = () => 'hang';
      await setupSimpadu(t, [receiver.url, slow.url]);
      // One commit with 12 events for the receiver and 4 for the hanging one, as a busy relay batch sees them.
      const [{ fast, hung }] = await t.sql<{ fast: string[]; hung: string[] }>(
        `WITH e AS (
           INSERT INTO webhook_event (module_id, letter_id, sequence, type, payload, callback_url)
           SELECT $1, gen_random_uuid(), 1, 'approval.approved', jsonb_build_object('id', gen_random_uuid(), 'data', jsonb_build_object('n', n)), CASE WHEN n <= 12 THEN $2 ELSE $3 END
             FROM generate_series(1, 16) n RETURNING id, letter_id, callback_url),
         o AS (INSERT INTO outbox_event (letter_id, type, payload) SELECT letter_id, 'webhook.deliver', jsonb_build_object('eventId', id, 'callback', callback_url) FROM e)
         SELECT array_agg(id) FILTER (WHERE callback_url = $2) AS fast, array_agg(id) FILTER (WHERE callback_url = $3) AS hung FROM e`,
        [setup.moduleId, receiver.url, slow.url],
      );
      await eventually(async () => (await t.sql(`SELECT 1 FROM webhook_event WHERE id = ANY($1) AND status = 'delivered'`, [fast])).length === 12);
      await eventually(async () => slow.unique().length === 4);
      // Every fast event was recorded before the first hanging POST ended (its timeout is 2 s).
      const [{ ended }] = await eventually(async () => {
        const rows = await t.sql(`SELECT min(started_at + latency_ms * interval '1 millisecond') AS ended FROM webhook_attempt WHERE event_id = ANY($1)`, [hung]);
        return rows[0].ended && rows;
      });
      const [{ recorded }] = await t.sql(`SELECT max(delivered_at) AS recorded FROM webhook_event WHERE id = ANY($1)`, [fast]);
      expect(new Date(recorded).getTime()).toBeLessThan(new Date(ended).getTime());
      // The relay's jobs: at most 8 events each, each to one callback URL: 8 + 4 for the receiver, 4 for the hanging one.
      const jobs = await t.app.get(JobQueue).queue(QueueName.Webhooks).getJobs(['completed', 'active', 'waiting', 'delayed']);
      const groups = jobs
        .filter((j) => !/-(attempt|after|sweep|resend)-/.test(j.id ?? ''))
        .map((j) => (j.data.eventIds ?? [j.data.eventId]) as string[])
        .filter((ids) => ids.some((id) => fast.includes(id) || hung.includes(id)));
      expect(groups.map((ids) => ids.length).sort()).toEqual([4, 4, 8]);
      for (const ids of groups) expect(ids.every((id) => fast.includes(id)) || ids.every((id) => hung.includes(id))).toBe(true);
      // The hanging module recovers: its events are sent again and delivered.
      slow.reply = () => 200;
      await eventually(async () => (await t.sql(`SELECT 1 FROM webhook_event WHERE id = ANY($1) AND status = 'delivered'`, [hung])).length === 4, 30_000);
    } finally {
      await setupSimpadu(t, [receiver.url]);
      await slow.stop();
    }
  });

  it('sends no webhook to an approval without a callback, and exactly one per state change', async () => {
    const quiet = await t.http().post('/api/v1/approvals').set('X-Api-Key', setup.apiKey).send(approvalBody(setup));
    expect(quiet.status).toBe(201);
    const id = await create();
    expect((await fire(t, id, 'kabid.aptika', 'approve')).status).toBe(200); // step 1 of 2: no state change
    expect((await fire(t, id, 'kadis.kominfo', 'reject', { comment: 'Dokumen tidak lengkap' })).status).toBe(200);
    await eventually(async () => hooksOf(id).some((h) => h.type === 'approval.rejected'));
    await new Promise((r) => setTimeout(r, 500));
    expect(hooksOf(id).map((h) => h.type)).toEqual(['approval.pending', 'approval.rejected']);
    expect(hooksOf(id)[1].body.data).toMatchObject({ state: 'rejected', previousState: 'pending', comment: 'Dokumen tidak lengkap' });
    expect(await t.sql('SELECT 1 FROM webhook_event WHERE letter_id = $1', [quiet.body.id])).toHaveLength(0);
  });
});

describe('The SIMPADU example (examples/simpadu.ts)', () => {
  let t: TestApp;

  afterAll(async () => {
    await t?.close();
  });

  it('submits a permit PDF, receives and verifies the webhooks, and downloads the signed PDF', async () => {
    t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true' });
    const { runSimpadu } = await import('../../examples/simpadu');
    const port = 41000 + Math.floor(Math.random() * 2000);
    const callbackUrl = `http://127.0.0.1:${port}/webhooks/esurat`;
    const setup = await setupSimpadu(t, [callbackUrl]);
    const result = await runSimpadu({
      baseUrl: t.baseUrl,
      apiKey: setup.apiKey,
      webhookSecret: setup.webhookSecret,
      signerPositionId: setup.positions['KADIS-KOMINFO'],
      receiverPort: port,
      callbackUrl,
      timeoutMs: 30_000,
      log: () => undefined,
      // The Kepala Dinas approves, then signs, in e-Surat.
      onSubmitted: async (id) => {
        expect((await fire(t, id, 'kadis.kominfo', 'approve')).status).toBe(200);
        expect((await fire(t, id, 'kadis.kominfo', 'sign')).status).toBe(200);
      },
    });
    expect(result.finalState).toBe('approved');
    expect(result.badSignatures).toBe(0);
    expect(result.events.map((e) => e.type)).toEqual(['approval.pending', 'approval.awaiting_signature', 'approval.approved']);
    expect(Buffer.from(result.signedPdf).subarray(0, 5).toString()).toBe('%PDF-');
    const [doc] = await t.sql(`SELECT d.kind FROM letter l JOIN letter_document d ON d.id = l.current_document_id WHERE l.id = $1`, [result.approvalId]);
    expect(doc.kind).toBe('signed');
    expect(result.signed).toBe(true);
    // With a PDF, every event links to it.
    const links = await t.sql(`SELECT payload->'data'->'links'->>'document' AS document FROM webhook_event WHERE letter_id = $1 ORDER BY sequence`, [result.approvalId]);
    expect(links).toEqual(Array(3).fill({ document: `http://localhost:3000/api/v1/approvals/${result.approvalId}/document` }));
  });
});
