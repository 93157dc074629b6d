import { ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { approvalBody, ModuleSetup, setupSimpadu } from '../factories/approvals.factory';
import { eventually, fire } from '../factories/letters.factory';
import { freePort } from '../helpers/free-port';
import { buildServer, kill, processEnv, startWorker } from '../helpers/processes';
import { createTestApp, TestApp } from '../helpers/test-app';
import { WebhookReceiver } from '../helpers/webhook-receiver';

jest.setTimeout(240_000);

async function waitForPort(port: number, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => (socket.destroy(), resolve(false)));
      socket.connect(port, '127.0.0.1');
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`port ${port} did not open`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A private, disposable Redis: the machine's shared one must never be stopped. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
  await waitForPort(port);
  return child;
}

describe('Integration faults on the real services', () => {
  describe('Redis stopped while approvals are decided', () => {
    let t: TestApp;
    let setup: ModuleSetup;
    let redis: ChildProcess | undefined;
    const receiver = new WebhookReceiver();

    afterAll(async () => {
      await receiver.stop();
      await t?.close();
      await kill(redis);
    });

    it('delivers every webhook after 10 s without Redis, none lost, none twice, in order per approval', async () => {
      const port = await freePort();
      redis = await startRedis(port);
      t = await createTestApp({ REDIS_PORT: String(port), WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true', WEBHOOK_SWEEP_INTERVAL_MS: '500', WEBHOOK_BACKOFF_BASE_MS: '200' });
      await receiver.start();
      setup = await setupSimpadu(t, [receiver.url]);
      await t.token('kabid.aptika');
      const request = async () => {
        const res = await t.http().post('/api/v1/approvals').set('X-Api-Key', setup.apiKey).send(approvalBody(setup, { callbackUrl: receiver.url, approvers: [{ positionIds: [setup.positions['KABID-APTIKA']] }] }));
        expect(res.status).toBe(201);
        return res.body.id as string;
      };

      const before: string[] = [];
      for (let i = 0; i < 8; i++) before.push(await request());
      await eventually(async () => receiver.unique().length >= before.length, 20_000);

      await kill(redis);
      const downAt = Date.now();
      const OUTAGE_MS = 10_000;
      // Decisions spread over the outage, and approvals both asked and decided in it: their two events wait in the outbox together.
      const during: string[] = [];
      for (const id of before) {
        expect((await fire(t, id, 'kabid.aptika', 'approve')).status).toBe(200);
        const id2 = await request();
        during.push(id2);
        expect((await fire(t, id2, 'kabid.aptika', 'approve')).status).toBe(200);
        await new Promise((r) => setTimeout(r, OUTAGE_MS / 12));
      }
      const wait = OUTAGE_MS - (Date.now() - downAt);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      // Nothing can have gone out: the jobs need Redis.
      expect(receiver.unique().filter((h) => h.type === 'approval.approved')).toHaveLength(0);
      expect(receiver.unique().filter((h) => during.includes(h.body.data.approvalId))).toHaveLength(0);
      redis = await startRedis(port);

      const ids = [...before, ...during];
      await eventually(async () => receiver.unique().filter((h) => h.type === 'approval.approved').length === ids.length, 60_000);
      const approved = receiver.unique().filter((h) => h.type === 'approval.approved');
      expect(approved.map((h) => h.body.data.approvalId).sort()).toEqual([...ids].sort());
      // In order per approval, as the receiver got them: pending before approved, sequence rising.
      for (const id of ids) {
        const arrived = receiver.received.filter((h) => h.body.data.approvalId === id);
        expect(arrived.map((h) => h.type)).toEqual(['approval.pending', 'approval.approved']);
        expect(arrived[0].body.data.sequence).toBeLessThan(arrived[1].body.data.sequence);
      }
      // A delivery is recorded just after the receiver answered: wait for the records, then check that none was sent twice.
      const rows = await eventually(async () => {
        const byStatus = await t.sql(`SELECT status, count(*)::int AS n FROM webhook_event GROUP BY status`);
        return byStatus.length === 1 && byStatus[0].status === 'delivered' && byStatus;
      });
      expect(rows).toEqual([{ status: 'delivered', n: ids.length * 2 }]);
      expect(receiver.received).toHaveLength(receiver.unique().length);
    });
  });

  describe('worker killed in the middle of a delivery', () => {
    let t: TestApp;
    let setup: ModuleSetup;
    let buildDir: string;
    const workers: ChildProcess[] = [];
    const receiver = new WebhookReceiver();

    beforeAll(async () => {
      // The worker runs as its own process from compiled JavaScript, as `npm run start:worker` does.
      buildDir = await buildServer();
      t = await createTestApp({ WORKERS_ENABLED: 'false', WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true' });
      await receiver.start();
      setup = await setupSimpadu(t, [receiver.url]);
    });

    afterAll(async () => {
      for (const w of workers) await kill(w);
      await receiver.stop();
      await t?.close();
      if (buildDir) rmSync(buildDir, { recursive: true, force: true });
    });

    const worker = (): ChildProcess => {
      const child = startWorker(buildDir, processEnv(t, { WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true', WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_SWEEP_INTERVAL_MS: '500' }));
      workers.push(child);
      return child;
    };

    it('delivers the event anyway; the receiver sees the same event id at most twice and deduplicates', async () => {
      let first = true;
      receiver.reply = () => {
        if (first) {
          first = false;
          return 'hang';
        }
        return 200;
      };
      const worker1 = worker();
      const res = await t.http().post('/api/v1/approvals').set('X-Api-Key', setup.apiKey).send(approvalBody(setup, { callbackUrl: receiver.url }));
      expect(res.status).toBe(201);
      await eventually(async () => receiver.received.length >= 1, 60_000);
      await kill(worker1, 'SIGKILL');
      const [inFlight] = await t.sql(`SELECT id, status FROM webhook_event WHERE letter_id = $1`, [res.body.id]);
      expect(inFlight.status).toBe('pending');

      worker();
      await eventually(async () => (await t.sql(`SELECT 1 FROM webhook_event WHERE id = $1 AND status = 'delivered'`, [inFlight.id])).length > 0, 60_000);
      const copies = receiver.received.filter((h) => h.eventId === inFlight.id);
      expect(copies.length).toBeGreaterThanOrEqual(2);
      expect(copies.length).toBeLessThanOrEqual(2);
      expect(new Set(copies.map((c) => c.rawBody)).size).toBe(1);
      expect(receiver.unique().filter((h) => h.eventId === inFlight.id)).toHaveLength(1);
    });
  });

  it('twenty concurrent POSTs with one Idempotency-Key create one approval', async () => {
    const t = await createTestApp();
    try {
      const setup = await setupSimpadu(t, []);
      const body = approvalBody(setup);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => t.http().post('/api/v1/approvals').set('X-Api-Key', setup.apiKey).set('Idempotency-Key', 'simpadu-PRM-0001').send(body)),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 200)).toHaveLength(19);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      expect(await t.sql('SELECT letter_id FROM approval_request WHERE reference = $1', [body.reference])).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
