import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { REDIS } from '../../src/queue/redis-client.provider';
import { RedisWatch } from '../../src/queue/redis-watch.service';
import { approvalBody, ModuleSetup, setupSimpadu } from '../factories/approvals.factory';
import { draftLetter, eventually, fire } from '../factories/letters.factory';
import { RedisClusterSet, RedisSentinelSet } from '../helpers/redis-topology';
import { createTestApp, TestApp } from '../helpers/test-app';
import { WebhookReceiver } from '../helpers/webhook-receiver';

jest.setTimeout(240_000);

/** Workflows whose `sangat_segera` review deadline falls two seconds after submission. */
function shortDeadlineWorkflows(): string {
  const dir = mkdtempSync(join(tmpdir(), 'esurat-wf-'));
  cpSync('workflows', dir, { recursive: true });
  const file = join(dir, 'surat-keluar.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/\nurgencyDeadlines:[\s\S]*?\n(?=\S)/, '\n').replace('\ninitial:', '\nurgencyDeadlines:\n  sangat_segera: PT2S\n\ninitial:'));
  return dir;
}

/**
 * A worker process and an API process without workers on one database and one Redis topology.
 * The worker's outbox poll is long, so an event committed by the API process reaches the relay
 * through the Redis wake-up channel (pub/sub), not the poll.
 */
interface Pair {
  worker: TestApp;
  api: TestApp;
  setup: ModuleSetup;
}

async function startPair(redisEnv: Record<string, string>, receiver: WebhookReceiver, workflowsDir: string, pollMs: string): Promise<Pair> {
  const common = { ...redisEnv, WORKFLOWS_DIR: workflowsDir, WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true', WEBHOOK_SWEEP_INTERVAL_MS: '1000', WEBHOOK_BACKOFF_BASE_MS: '500' };
  const worker = await createTestApp({ ...common, OUTBOX_POLL_MS: pollMs });
  try {
    const api = await createTestApp({ ...common, QUEUE_PREFIX: worker.config.QUEUE_PREFIX, WORKERS_ENABLED: 'false' }, { database: worker.dbName });
    return { worker, api, setup: await setupSimpadu(api, [receiver.url]) };
  } catch (err) {
    await worker.close();
    throw err;
  }
}

const hooksOf = (receiver: WebhookReceiver, approvalId: string) =>
  receiver
    .unique()
    .filter((h) => h.body.data.approvalId === approvalId)
    .map((h) => h.type);

/** What every topology must do: a job runs, the outbox relays (woken over pub/sub), a delayed deadline fires, webhooks arrive. */
async function queuesOutboxDeadlinesWebhooks(pair: Pair, receiver: WebhookReceiver): Promise<void> {
  const { api, worker, setup } = pair;
  const created = await api.http().post('/api/v1/approvals').set('X-Api-Key', setup.apiKey).send(approvalBody(setup, { callbackUrl: receiver.url }));
  expect(created.status).toBe(201);
  const id = created.body.id;
  expect((await fire(api, id, 'kabid.aptika', 'approve')).status).toBe(200);
  expect((await fire(api, id, 'kadis.kominfo', 'approve')).status).toBe(200);
  // Relayed within seconds though the worker polls once a minute: the API process woke it.
  await eventually(async () => hooksOf(receiver, id).length >= 2, 20_000);
  expect(hooksOf(receiver, id)).toEqual(['approval.pending', 'approval.approved']);
  // The webhook jobs ran on BullMQ (the worker process's queue), and recorded their delivery.
  expect(await worker.sql(`SELECT type FROM webhook_event WHERE letter_id = $1 AND status = 'delivered' ORDER BY sequence`, [id])).toEqual([{ type: 'approval.pending' }, { type: 'approval.approved' }]);

  // A deadline: its delayed job fires two seconds after submission (the sweep runs once a minute).
  const letter = await draftLetter(api, { urgency: 'sangat_segera' });
  expect((await fire(api, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
  await eventually(async () => (await api.sql(`SELECT overdue FROM letter WHERE id = $1`, [letter.id]))[0].overdue, 20_000);
  const [deadline] = await api.sql(`SELECT fired_at FROM letter_deadline WHERE letter_id = $1`, [letter.id]);
  expect(deadline.fired_at).not.toBeNull();
}

describe('on a Redis Cluster of three masters', () => {
  let cluster: RedisClusterSet;
  let pair: Pair | undefined;
  let workflows: string;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    workflows = shortDeadlineWorkflows();
    await receiver.start();
    cluster = await RedisClusterSet.start();
    pair = await startPair({ REDIS_CLUSTER_NODES: cluster.nodes }, receiver, workflows, '60000');
  });

  afterAll(async () => {
    await pair?.api.close().catch(() => undefined);
    await pair?.worker.close().catch(() => undefined);
    await cluster?.stop();
    await receiver.stop();
    rmSync(workflows, { recursive: true, force: true });
  });

  it('runs queues, the outbox relay, deadlines and webhooks', async () => {
    expect(pair!.worker.app.get(REDIS)).toBeInstanceOf(Cluster);
    await queuesOutboxDeadlinesWebhooks(pair!, receiver);
  });

  it('keeps every key of the install in the one hash slot of its prefix, on one master', async () => {
    const prefix = pair!.worker.config.QUEUE_PREFIX;
    expect(prefix).toMatch(/^\{test_[0-9a-f]+\}$/);
    // Queues, the epoch marker, login counters: all there, all on one node.
    const perMaster = await cluster.keysPerMaster(prefix);
    expect(perMaster.filter((n) => n > 0)).toHaveLength(1);
    expect(Math.max(...perMaster)).toBeGreaterThan(10);
    const client = pair!.worker.app.get(REDIS) as Cluster;
    expect(await client.exists(`${prefix}:redis-epoch`)).toBe(1);
  });

  it('refuses to start on a cluster with a prefix without a hash tag', async () => {
    await expect(createTestApp({ REDIS_CLUSTER_NODES: cluster.nodes, QUEUE_PREFIX: 'test_untagged' })).rejects.toThrow(/QUEUE_PREFIX="test_untagged": on a Redis Cluster the prefix needs a hash tag/);
  });
});

describe('under Redis Sentinel (a master, a replica, three sentinels)', () => {
  let sentinel: RedisSentinelSet;
  let pair: Pair | undefined;
  let workflows: string;
  let resets = 0;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    workflows = shortDeadlineWorkflows();
    await receiver.start();
    sentinel = await RedisSentinelSet.start();
    // A short poll: a wake-up published while the master changes is lost, and the poll is the fallback.
    pair = await startPair({ REDIS_SENTINELS: sentinel.sentinels, REDIS_SENTINEL_MASTER: RedisSentinelSet.MASTER_NAME }, receiver, workflows, '3000');
    pair.worker.app.get(RedisWatch).onReset(async () => void resets++);
  });

  afterAll(async () => {
    await pair?.api.close().catch(() => undefined);
    await pair?.worker.close().catch(() => undefined);
    await sentinel?.stop();
    await receiver.stop();
    rmSync(workflows, { recursive: true, force: true });
  });

  it('runs queues, the outbox relay, deadlines and webhooks on the master the sentinels name', async () => {
    await queuesOutboxDeadlinesWebhooks(pair!, receiver);
  });

  /** Creates `n` approvals, then decides them one by one, running `during` after the `at`-th decision; every webhook must arrive. */
  async function decisionsAcross(n: number, at: number, during: () => Promise<unknown>): Promise<void> {
    const { api, setup } = pair!;
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await api.http().post('/api/v1/approvals').set('X-Api-Key', setup.apiKey).send(approvalBody(setup, { callbackUrl: receiver.url }));
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    let event: Promise<unknown> | undefined;
    let decided = 0;
    for (const id of ids) {
      for (const who of ['kabid.aptika', 'kadis.kominfo']) {
        // Decisions are PostgreSQL's: they go on while Redis changes master.
        expect((await fire(api, id, who, 'approve')).status).toBe(200);
        if (++decided === at) event = during();
      }
    }
    await event;
    // At least once: after the failover every approval's two webhooks arrive (the receiver dedupes by event id).
    await eventually(async () => ids.every((id) => hooksOf(receiver, id).length >= 2), 90_000);
    for (const id of ids) expect(hooksOf(receiver, id)).toEqual(['approval.pending', 'approval.approved']);
  }

  it('loses no webhook across a Sentinel failover during decisions, and takes the promoted replica for the same data', async () => {
    const before = await sentinel.masterPort();
    let moved: { from: number; to: number } | undefined;
    await decisionsAcross(8, 4, async () => (moved = await sentinel.failover()));
    expect(moved).toEqual({ from: before, to: expect.any(Number) });
    expect(moved!.to).not.toBe(before);
    // The marker key came over with the replica: no "Redis lost its data" recovery ran.
    await sentinel.waitSettled();
    await pair!.worker.app.get(RedisWatch).check();
    expect(resets).toBe(0);
    // And the app works on the new master.
    await queuesOutboxDeadlinesWebhooks(pair!, receiver);
  });

  it('loses no webhook when the master crashes during decisions', async () => {
    const before = await sentinel.masterPort();
    let moved: { from: number; to: number } | undefined;
    await decisionsAcross(6, 3, async () => (moved = await sentinel.killMaster()));
    expect(moved!.from).toBe(before);
    expect(moved!.to).not.toBe(before);
    await pair!.worker.app.get(RedisWatch).check();
    expect(resets).toBe(0);
  });

  it('leaves no connection to the sentinels once both processes have closed', async () => {
    // A connection left open would keep reconnecting after the sentinels are gone, and the process would never exit.
    expect(await sentinel.clientsOfOthers()).toBeGreaterThan(0);
    await pair!.api.close();
    await pair!.worker.close();
    pair = undefined;
    await eventually(async () => (await sentinel.clientsOfOthers()) === 0, 10_000);
  });
});
