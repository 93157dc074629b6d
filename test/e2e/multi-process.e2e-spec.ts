import { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import request from 'supertest';
import { DEMO_PASSWORD, DEMO_SIGNING_PASSPHRASE } from '../../src/seeds/demo-city';
import { approvalBody, ModuleSetup, setupSimpadu } from '../factories/approvals.factory';
import { eventually } from '../factories/letters.factory';
import { buildServer, kill, processEnv, startApi, startWorker } from '../helpers/processes';
import { createTestApp, TestApp } from '../helpers/test-app';
import { WebhookReceiver } from '../helpers/webhook-receiver';

jest.setTimeout(480_000);

const APPROVALS = 12;
const LETTERS = 6;

/**
 * Two API processes and two worker processes on one database and one queue prefix, as
 * docker/ scales them. The in-process test app owns the database and the prefix and serves
 * the setup only (no workers, no part in the burst).
 */
describe('Two API and two worker processes on one PostgreSQL database and one Redis queue prefix', () => {
  let t: TestApp;
  let setup: ModuleSetup;
  let buildDir: string;
  const children: ChildProcess[] = [];
  const apis: string[] = [];
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    buildDir = await buildServer();
    t = await createTestApp({ WORKERS_ENABLED: 'false', WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true' });
    await receiver.start();
    setup = await setupSimpadu(t, [receiver.url]);
    const env = processEnv(t, { WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true', WEBHOOK_SWEEP_INTERVAL_MS: '500', WEBHOOK_BACKOFF_BASE_MS: '200' });
    for (let i = 0; i < 2; i++) children.push(startWorker(buildDir, env));
    const started = await Promise.allSettled([0, 1].map(() => startApi(buildDir, { ...env, WORKERS_ENABLED: 'false' })));
    for (const result of started) {
      if (result.status === 'fulfilled') {
        children.push(result.value.child);
        apis.push(result.value.baseUrl);
      }
    }
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  });

  afterAll(async () => {
    for (const child of children) await kill(child);
    await receiver.stop();
    await t?.close();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  it('gives the results one process gives: no number twice, histories whole, every webhook once and in order', async () => {
    let turn = 0;
    // Each request goes to the other API process than the one before it.
    const api = () => request(apis[turn++ % apis.length]);
    const tokens: Record<string, string> = {};
    for (const username of ['staf.kominfo', 'kabid.aptika', 'kadis.kominfo']) {
      const res = await api().post('/api/v1/auth/login').send({ username, password: DEMO_PASSWORD });
      expect(res.status).toBe(200);
      tokens[username] = `Bearer ${res.body.accessToken}`;
    }
    const p = setup.positions;
    const fire = async (id: string, username: string, event: string, version: number) => {
      const extra = event === 'sign' ? { passphrase: DEMO_SIGNING_PASSPHRASE } : event === 'reject' ? { comment: 'Berkas belum lengkap' } : {};
      const res = await api().post(`/api/v1/letters/${id}/transitions`).set('Authorization', tokens[username]).send({ event, version, ...extra });
      if (res.status !== 200) throw new Error(`${event} by ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { version: number; state: string };
    };

    const approval = async (i: number) => {
      const body = approvalBody(setup, { reference: `PRM-MP-${i}`, callbackUrl: receiver.url, approvers: [{ positionIds: [p['KABID-APTIKA']] }, { positionIds: [p['KADIS-KOMINFO']] }] });
      const created = await api().post('/api/v1/approvals').set('X-Api-Key', setup.apiKey).set('Idempotency-Key', `mp-${i}`).send(body);
      expect(created.status).toBe(201);
      const id: string = created.body.id;
      const v = await fire(id, 'kabid.aptika', 'approve', 1);
      // Odd ones rejected by the Kadis: two final states, both through both processes.
      await fire(id, 'kadis.kominfo', i % 2 ? 'reject' : 'approve', v.version);
      return id;
    };
    const letter = async (i: number) => {
      const created = await api()
        .post('/api/v1/letters')
        .set('Authorization', tokens['staf.kominfo'])
        .send({
          type: 'surat-keluar',
          subject: `Undangan rapat koordinasi SPBE ke-${i}`,
          classificationCode: '000.8.3.3',
          body: { paragraphs: ['Dengan hormat, bersama ini kami sampaikan undangan rapat koordinasi SPBE.'] },
          recipientPositionIds: [p['KADIS-DINKES']],
          reviewers: [{ positionIds: [p['KABID-APTIKA']] }],
          signers: [{ positionIds: [p['KADIS-KOMINFO']] }],
        });
      expect(created.status).toBe(201);
      const id: string = created.body.id;
      let v = await fire(id, 'staf.kominfo', 'submit', created.body.version);
      v = await fire(id, 'kabid.aptika', 'approve', v.version);
      await fire(id, 'kadis.kominfo', 'sign', v.version);
      return id;
    };

    const started = Date.now();
    const [approvalIds, letterIds] = await Promise.all([
      Promise.all(Array.from({ length: APPROVALS }, (_, i) => approval(i))),
      Promise.all(Array.from({ length: LETTERS }, (_, i) => letter(i))),
    ]);
    process.stdout.write(`multi-process burst: ${APPROVALS} approvals and ${LETTERS} signed letters in ${Date.now() - started} ms\n`);

    // No number twice, and none skipped: one counter, whichever process drew from it.
    const numbers = await t.sql<{ number: string; sequence: number; scope_key: string }>(
      `SELECT l.number, n.sequence, n.scope_key FROM letter l JOIN letter_number n ON n.letter_id = l.id WHERE l.id = ANY($1) ORDER BY n.sequence`,
      [letterIds],
    );
    expect(numbers).toHaveLength(LETTERS);
    expect(new Set(numbers.map((n) => n.number)).size).toBe(LETTERS);
    expect(new Set(numbers.map((n) => n.scope_key)).size).toBe(1);
    expect(numbers.map((n) => n.sequence)).toEqual(Array.from({ length: LETTERS }, (_, i) => numbers[0].sequence + i));

    // Each history is one chain, and the letter stands where its last row says.
    const ids = [...approvalIds, ...letterIds];
    const rows = await t.sql<{ letter_id: string; seq: number; from_state: string | null; to_state: string; state: string; version: number }>(
      `SELECT h.letter_id, h.seq, h.from_state, h.to_state, l.state, l.version FROM letter_history h JOIN letter l ON l.id = h.letter_id WHERE h.letter_id = ANY($1) ORDER BY h.letter_id, h.seq`,
      [ids],
    );
    for (const id of ids) {
      const history = rows.filter((r) => r.letter_id === id);
      expect(history.map((h) => h.seq)).toEqual(history.map((_, i) => history[0].seq + i));
      for (let i = 1; i < history.length; i++) expect(history[i].from_state).toBe(history[i - 1].to_state);
      expect(history[history.length - 1].to_state).toBe(history[0].state);
    }
    const states = await t.sql<{ id: string; state: string }>(`SELECT id, state FROM letter WHERE id = ANY($1)`, [approvalIds]);
    expect(states.filter((s) => s.state === 'approved')).toHaveLength(APPROVALS / 2);
    expect(states.filter((s) => s.state === 'rejected')).toHaveLength(APPROVALS / 2);

    // Every webhook delivered exactly once, by event id, and in order per approval as the receiver got them.
    const events = await eventually(async () => {
      const all = await t.sql<{ id: string; letter_id: string; sequence: number; status: string }>(`SELECT id, letter_id, sequence, status FROM webhook_event`);
      return all.length === APPROVALS * 2 && all.every((e) => e.status === 'delivered') && all;
    }, 120_000);
    expect(receiver.received.map((h) => h.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    for (const id of approvalIds) {
      const arrived = receiver.received.filter((h) => h.body.data.approvalId === id);
      expect(arrived.map((h) => h.type)).toEqual(['approval.pending', approvalIds.indexOf(id) % 2 ? 'approval.rejected' : 'approval.approved']);
    }
    // And no outbox event left behind by either worker.
    await eventually(async () => (await t.sql(`SELECT id FROM outbox_event WHERE dispatched_at IS NULL`)).length === 0, 60_000);
  });
});
