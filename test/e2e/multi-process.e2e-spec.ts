import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { JobQueue } from '../../src/queue/job-queue.service';
import { JOB_QUEUES, JOB_SCHEDULES } from '../../src/queue/jobs';
import { DEMO_PASSWORD, DEMO_SIGNING_PASSPHRASE } from '../../src/seeds/demo-city';
import { approvalBody, ModuleSetup, setupSimpadu } from '../factories/approvals.factory';
import { scannedPdf } from '../factories/correspondence.factory';
import { eventually } from '../factories/letters.factory';
import { buildServer, kill, processEnv, startApi, startWorker } from '../helpers/processes';
import { createTestApp, TestApp } from '../helpers/test-app';
import { WebhookReceiver } from '../helpers/webhook-receiver';

jest.setTimeout(900_000);

/** Per round: approvals (two decisions each, webhooks), outgoing letters (submit, review, sign: a number), incoming letters disposed. */
const APPROVALS = 12;
const LETTERS = 6;
const INCOMING = 4;

interface Node {
  url: string;
  child: ChildProcess;
  alive: boolean;
}

interface Round {
  approvalIds: string[];
  letterIds: string[];
  incomingIds: string[];
  /** Requests answered 2xx. */
  accepted: number;
  /** Requests cut off with their connection (the API process was killed), then checked and resumed on the survivor. */
  cutOff: number;
}

/**
 * Two API processes and two worker processes on one database and one queue prefix, as
 * docker/ scales them. The in-process test app owns the database and the prefix and serves
 * the setup only (no workers, no part in the load). A round of mixed load (module approvals
 * with webhooks, letters reviewed and signed with numbers, incoming letters disposed) goes to
 * both APIs in turn; the second round loses one API and one worker to SIGKILL in its middle.
 */
describe('Two API and two worker processes on one PostgreSQL database and one Redis queue prefix', () => {
  let t: TestApp;
  let setup: ModuleSetup;
  let buildDir: string;
  const workers: ChildProcess[] = [];
  const apis: Node[] = [];
  const receiver = new WebhookReceiver();
  const tokens: Record<string, string> = {};
  let turn = 0;
  let webRoot: string | undefined;

  beforeAll(async () => {
    buildDir = await buildServer();
    t = await createTestApp({ WORKERS_ENABLED: 'false', WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true' });
    await receiver.start();
    setup = await setupSimpadu(t, [receiver.url]);
    // A short webhook timeout: the lease of a delivery cut off with its worker runs out within seconds.
    // A built web UI, as production has one: a worker process must start beside it (it has no HTTP server to serve it from).
    webRoot = mkdtempSync(join(tmpdir(), 'esurat-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>e-Surat</title>');
    const env = processEnv(t, { WEB_ROOT: webRoot, WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true', WEBHOOK_SWEEP_INTERVAL_MS: '500', WEBHOOK_BACKOFF_BASE_MS: '200', WEBHOOK_TIMEOUT_MS: '5000' });
    for (let i = 0; i < 2; i++) workers.push(startWorker(buildDir, env));
    const started = await Promise.allSettled([0, 1].map(() => startApi(buildDir, { ...env, WORKERS_ENABLED: 'false' })));
    for (const result of started) if (result.status === 'fulfilled') apis.push({ url: result.value.baseUrl, child: result.value.child, alive: true });
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  });

  afterAll(async () => {
    for (const child of [...workers, ...apis.map((a) => a.child)]) await kill(child);
    await receiver.stop();
    await t?.close();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  /** Each request goes to the next live API process than the one before it. */
  const api = () => {
    const live = apis.filter((a) => a.alive);
    return request(live[turn++ % live.length].url);
  };

  /** Sends a request; a connection cut off (its process killed) answers status 0 instead of failing. */
  async function send(round: Round, build: (r: ReturnType<typeof request>) => request.Test): Promise<{ status: number; body: any }> {
    try {
      const res = await build(api()).timeout(120_000);
      if (res.status < 300) round.accepted++;
      return res;
    } catch (err) {
      if ((err as { status?: number }).status) throw err;
      round.cutOff++;
      return { status: 0, body: undefined };
    }
  }

  const versionOf = async (id: string) => (await t.sql<{ version: number }>('SELECT version FROM letter WHERE id = $1', [id]))[0].version;

  /**
   * Fires an event. Cut off, the letter's version tells whether it committed (each letter is
   * driven by one chain at a time): committed, the chain goes on; not, it is sent again to a
   * live process.
   */
  async function fire(round: Round, id: string, username: string, event: string, version: number): Promise<number> {
    const extra = event === 'sign' ? { passphrase: DEMO_SIGNING_PASSPHRASE } : event === 'reject' ? { comment: 'Berkas belum lengkap' } : {};
    for (let attempt = 0; attempt < 5; attempt++) {
      const res = await send(round, (r) => r.post(`/api/v1/letters/${id}/transitions`).set('Authorization', tokens[username]).send({ event, version, ...extra }));
      if (res.status === 200) return res.body.version;
      if (res.status !== 0) throw new Error(`${event} by ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      const now = await versionOf(id);
      if (now > version) return now;
    }
    throw new Error(`${event} on ${id}: cut off five times`);
  }

  async function approval(round: Round, key: string, i: number): Promise<string> {
    const p = setup.positions;
    const body = approvalBody(setup, { reference: `PRM-${key}-${i}`, callbackUrl: receiver.url, approvers: [{ positionIds: [p['KABID-APTIKA']] }, { positionIds: [p['KADIS-KOMINFO']] }] });
    let id: string | undefined;
    // The Idempotency-Key makes a create cut off safe to send again: the same approval comes back.
    while (!id) {
      const created = await send(round, (r) => r.post('/api/v1/approvals').set('X-Api-Key', setup.apiKey).set('Idempotency-Key', `${key}-${i}`).send(body));
      if (created.status !== 0 && created.status !== 201 && created.status !== 200) throw new Error(`approval: ${created.status} ${JSON.stringify(created.body)}`);
      id = created.body?.id;
    }
    const v = await fire(round, id, 'kabid.aptika', 'approve', 1);
    // Odd ones rejected by the Kadis: two final states, both through both processes.
    await fire(round, id, 'kadis.kominfo', i % 2 ? 'reject' : 'approve', v);
    return id;
  }

  async function letter(round: Round, i: number): Promise<string> {
    const p = setup.positions;
    let created: { status: number; body: any } = { status: 0, body: undefined };
    // A create cut off may have committed a draft: it stays a draft, never numbered.
    while (created.status === 0) {
      created = await send(round, (r) =>
        r
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
          }),
      );
    }
    if (created.status !== 201) throw new Error(`letter: ${created.status} ${JSON.stringify(created.body)}`);
    const id: string = created.body.id;
    let v = await fire(round, id, 'staf.kominfo', 'submit', created.body.version);
    v = await fire(round, id, 'kabid.aptika', 'approve', v);
    await fire(round, id, 'kadis.kominfo', 'sign', v);
    return id;
  }

  async function incoming(round: Round, key: string, i: number, scan: Buffer): Promise<string> {
    const p = setup.positions;
    let id: string | undefined;
    for (let attempt = 0; !id; attempt++) {
      // Each attempt its own sender number: a registration cut off may have committed (an extra agenda entry, not disposed).
      const res = await send(round, (r) =>
        r
          .post('/api/v1/incoming-letters')
          .set('Authorization', tokens['tu.kominfo'])
          .field('senderName', 'Dinas Kesehatan Provinsi Jawa Tengah')
          .field('senderNumber', `440/${key}-${i}-${attempt}/Dinkes`)
          .field('senderDate', '2026-11-02')
          .field('subject', `Undangan rapat koordinasi ${key} ${i}`)
          .field('sifat', 'biasa')
          .field('urgency', 'segera')
          .field('classificationCode', '000.8.3.3')
          .field('addresseePositionId', p['KADIS-KOMINFO'])
          .attach('scan', scan, { filename: 'scan.pdf', contentType: 'application/pdf' }),
      );
      if (res.status !== 0 && res.status !== 201) throw new Error(`incoming: ${res.status} ${JSON.stringify(res.body)}`);
      id = res.body?.id;
    }
    for (;;) {
      const res = await send(round, (r) => r.post(`/api/v1/letters/${id}/dispositions`).set('Authorization', tokens['kadis.kominfo']).send({ instructions: ['proses'], toPositionIds: [p['KABID-APTIKA']] }));
      if (res.status === 201 || res.status === 200) return id;
      if (res.status !== 0) throw new Error(`dispose: ${res.status} ${JSON.stringify(res.body)}`);
      if ((await t.sql('SELECT 1 FROM disposition WHERE letter_id = $1', [id])).length > 0) return id;
    }
  }

  async function runRound(key: string): Promise<Round> {
    const round: Round = { approvalIds: [], letterIds: [], incomingIds: [], accepted: 0, cutOff: 0 };
    const scan = await scannedPdf();
    const started = Date.now();
    const [a, l, n] = await Promise.all([
      Promise.all(Array.from({ length: APPROVALS }, (_, i) => approval(round, key, i))),
      Promise.all(Array.from({ length: LETTERS }, (_, i) => letter(round, i))),
      Promise.all(Array.from({ length: INCOMING }, (_, i) => incoming(round, key, i, scan))),
    ]);
    Object.assign(round, { approvalIds: a, letterIds: l, incomingIds: n });
    process.stdout.write(`multi-process ${key}: ${APPROVALS} approvals, ${LETTERS} signed letters, ${INCOMING} dispositions in ${Date.now() - started} ms (${round.accepted} requests accepted, ${round.cutOff} cut off)\n`);
    return round;
  }

  /** What one process would have left: numbers, histories, final states, dispositions, an empty outbox, finished actions. */
  async function expectSameResultsAsOneNode(rounds: Round[]): Promise<void> {
    const letterIds = rounds.flatMap((r) => r.letterIds);
    const approvalIds = rounds.flatMap((r) => r.approvalIds);
    const incomingIds = rounds.flatMap((r) => r.incomingIds);

    // No number twice, and none skipped, per format: one counter, whichever process drew from it.
    const numbers = await t.sql<{ letter_id: string; number: string; sequence: number; scope_key: string }>(
      `SELECT n.letter_id, l.number, n.sequence, n.scope_key FROM letter_number n JOIN letter l ON l.id = n.letter_id ORDER BY n.scope_key, n.sequence`,
    );
    expect(numbers.filter((n) => letterIds.includes(n.letter_id))).toHaveLength(letterIds.length);
    expect(new Set(numbers.map((n) => n.number)).size).toBe(numbers.length);
    const ours = numbers.filter((n) => letterIds.includes(n.letter_id));
    for (const scope of new Set(ours.map((n) => n.scope_key))) {
      // From this test's first number of the format on (the demo seed numbers letters of its own).
      const first = Math.min(...ours.filter((n) => n.scope_key === scope).map((n) => n.sequence));
      const sequences = numbers.filter((n) => n.scope_key === scope && n.sequence >= first).map((n) => n.sequence);
      expect(sequences).toEqual(sequences.map((_, i) => first + i));
    }
    const signed = await t.sql<{ id: string }>(`SELECT id FROM letter WHERE id = ANY($1) AND state = 'signed' AND number IS NOT NULL`, [letterIds]);
    expect(signed).toHaveLength(letterIds.length);

    // Each history is one chain in order, and the letter stands where its last row says.
    const ids = [...approvalIds, ...letterIds, ...incomingIds];
    const rows = await t.sql<{ letter_id: string; seq: number; from_state: string | null; to_state: string; state: string }>(
      `SELECT h.letter_id, h.seq, h.from_state, h.to_state, l.state FROM letter_history h JOIN letter l ON l.id = h.letter_id WHERE h.letter_id = ANY($1) ORDER BY h.letter_id, h.seq`,
      [ids],
    );
    for (const id of ids) {
      const history = rows.filter((r) => r.letter_id === id);
      expect(history.length).toBeGreaterThan(1);
      expect(history.map((h) => h.seq)).toEqual(history.map((_, i) => history[0].seq + i));
      for (let i = 1; i < history.length; i++) expect(history[i].from_state).toBe(history[i - 1].to_state);
      expect(history[history.length - 1].to_state).toBe(history[0].state);
    }
    const states = await t.sql<{ id: string; state: string }>(`SELECT id, state FROM letter WHERE id = ANY($1)`, [approvalIds]);
    expect(states.filter((s) => s.state === 'approved')).toHaveLength(approvalIds.length / 2);
    expect(states.filter((s) => s.state === 'rejected')).toHaveLength(approvalIds.length / 2);
    const disposed = await t.sql<{ letter_id: string }>(`SELECT DISTINCT letter_id FROM disposition WHERE letter_id = ANY($1)`, [incomingIds]);
    expect(disposed).toHaveLength(incomingIds.length);

    // Every webhook event delivered; each reached the module, the pending one before the decision.
    const events = await eventually(async () => {
      const all = await t.sql<{ id: string; letter_id: string; status: string; attempts: number }>(`SELECT id, letter_id, status, attempts FROM webhook_event WHERE letter_id = ANY($1)`, [approvalIds]);
      return all.length === approvalIds.length * 2 && all.every((e) => e.status === 'delivered') && all;
    }, 180_000);
    expect(receiver.unique().map((h) => h.eventId).filter((id) => events.some((e) => e.id === id)).sort()).toEqual(events.map((e) => e.id).sort());
    for (const round of rounds) {
      round.approvalIds.forEach((id, i) => {
        const arrived = receiver.unique().filter((h) => h.body.data.approvalId === id);
        expect(arrived.map((h) => h.type)).toEqual(['approval.pending', i % 2 ? 'approval.rejected' : 'approval.approved']);
      });
    }
    // No outbox event left behind, and every action a transition asked for (render, notify) done.
    await eventually(async () => (await t.sql(`SELECT id FROM outbox_event WHERE dispatched_at IS NULL`)).length === 0, 120_000);
    await eventually(
      async () => (await t.sql(`SELECT e.id FROM outbox_event e WHERE e.type = 'workflow.action' AND NOT EXISTS (SELECT 1 FROM workflow_action_done d WHERE d.outbox_id = e.id)`)).length === 0,
      180_000,
    );
  }

  const rounds: Round[] = [];

  it('serves the web UI from every API process while the worker processes run beside it', async () => {
    for (const a of apis) {
      const res = await request(a.url).get('/surat/masuk').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<title>e-Surat</title>');
    }
    for (const w of workers) expect(w.exitCode).toBeNull();
  });

  it('gives the results one process gives: numbers gapless per format, histories whole, every webhook once and in order', async () => {
    for (const username of ['staf.kominfo', 'kabid.aptika', 'kadis.kominfo', 'tu.kominfo']) {
      const res = await api().post('/api/v1/auth/login').send({ username, password: DEMO_PASSWORD });
      expect(res.status).toBe(200);
      tokens[username] = `Bearer ${res.body.accessToken}`;
    }
    const round = await runRound('mp');
    expect(round.cutOff).toBe(0);
    rounds.push(round);
    await expectSameResultsAsOneNode(rounds);
    // With every process alive, exactly once: as many requests at the receiver as events.
    const ids = receiver.received.map((h) => h.eventId);
    expect(new Set(ids).size).toBe(ids.length);

    // Every process set the periodic jobs up at its start: still one scheduler each, and at most one next run queued.
    const jobs = t.app.get(JobQueue);
    for (const schedule of JOB_SCHEDULES) {
      const queue = jobs.queue(JOB_QUEUES[schedule.name]);
      const schedulers = (await queue.getJobSchedulers()).filter((s) => s.key === schedule.id);
      expect(schedulers).toHaveLength(1);
      const next = (await queue.getJobs(['delayed', 'wait', 'prioritized'])).filter((j) => j.id?.startsWith(`repeat:${schedule.id}:`));
      expect(next.length).toBeLessThanOrEqual(1);
    }
  });

  it('loses nothing when one API process and one worker process are killed with SIGKILL in the middle of the load', async () => {
    expect(rounds).toHaveLength(1);
    const receivedBefore = receiver.received.length;
    const load = runRound('kill');
    // In the middle: once a part of the round's requests were answered.
    const startedAt = Date.now();
    await eventually(async () => (await t.sql(`SELECT 1 FROM letter_history WHERE at > to_timestamp($1 / 1000.0)`, [startedAt])).length >= 20, 240_000);
    apis[0].alive = false;
    await Promise.all([kill(apis[0].child, 'SIGKILL'), kill(workers[0], 'SIGKILL')]);
    const round = await load;
    rounds.push(round);
    await expectSameResultsAsOneNode(rounds);

    // At least once: a delivery whose POST reached the module but whose outcome the killed worker
    // never recorded is sent again when its lease runs out; the module dedupes by webhook-id.
    // Any event that arrived twice is one that was claimed more than once, none else.
    const after = receiver.received.slice(receivedBefore).map((h) => h.eventId);
    const twice = [...new Set(after.filter((id, i) => after.indexOf(id) !== i))];
    if (twice.length > 0) {
      const attempts = await t.sql<{ id: string; attempts: number }>(`SELECT id, attempts FROM webhook_event WHERE id = ANY($1)`, [twice]);
      expect(attempts.every((e) => e.attempts > 1)).toBe(true);
    }
    process.stdout.write(`multi-process kill: ${twice.length} webhook events delivered twice (claimed again after the worker died)\n`);
  });
});
