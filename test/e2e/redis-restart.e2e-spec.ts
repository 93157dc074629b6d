import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { JobQueue } from '../../src/queue/job-queue.service';
import { JOB_SCHEDULES, QueueName } from '../../src/queue/jobs';
import { WorkflowQueueProcessor } from '../../src/queue/workflow-queue.processor';
import { draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { fakeSmtp } from '../helpers/fake-smtp';
import { createTestApp, TestApp } from '../helpers/test-app';

/** A port nobody listens on: redis-server cannot take port 0, so node finds one and lets it go. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A Redis of this test's own, without persistence, so that a restart comes back empty. */
class RedisServer {
  private child?: ChildProcess;
  constructor(readonly port: number) {}

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const probe = new Redis({ port: this.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await eventually(async () => {
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } catch {
        probe.disconnect();
        return false;
      }
    }, 10_000);
    probe.disconnect();
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** Killed (no chance to save anything) and started again, empty. */
  async restartEmpty(pauseMs = 0): Promise<void> {
    await this.kill();
    await new Promise((r) => setTimeout(r, pauseMs));
    await this.start();
  }
}

describe('Redis restarted empty', () => {
  let redis: RedisServer;
  let t: TestApp;
  let dir: string;
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;

  beforeAll(async () => {
    smtp = await fakeSmtp();
    redis = new RedisServer(await freePort());
    await redis.start();
    // A review deadline two seconds after submission.
    dir = mkdtempSync(join(tmpdir(), 'esurat-wf-'));
    cpSync('workflows', dir, { recursive: true });
    const file = join(dir, 'surat-keluar.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\nurgencyDeadlines:[\s\S]*?\n(?=\S)/, '\n').replace('\ninitial:', '\nurgencyDeadlines:\n  sangat_segera: PT2S\n\ninitial:'));
    t = await createTestApp({
      REDIS_PORT: String(redis.port),
      WORKFLOWS_DIR: dir,
      // Dispatch by e-mail, to a server the last test makes hang for a while.
      SMTP_ENABLED: 'true',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_STARTTLS: 'never',
      SMTP_FROM: 'e-Surat <noreply@pekalongankota.go.id>',
      SMTP_TIMEOUT_MS: '4000',
    });
  });

  afterAll(async () => {
    await t?.close();
    await redis?.kill();
    await smtp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Each periodic job's scheduler lives on its job's queue.
  const schedulerIds = async () =>
    (await Promise.all(Object.values(QueueName).map((name) => t.app.get(JobQueue).queue(name).getJobSchedulers()))).flat().map((s) => s.key).sort();
  const relayed = async (letterId: string) =>
    t.sql<{ type: string; dispatched: boolean }>(`SELECT type, dispatched_at IS NOT NULL AS dispatched FROM outbox_event WHERE letter_id = $1 AND type <> 'letter.transitioned'`, [letterId]);

  it('the periodic jobs come back, and a deadline whose delayed job was lost fires', async () => {
    const expected = JOB_SCHEDULES.map((s) => s.id).sort();
    expect(await schedulerIds()).toEqual(expected);

    const letter = await draftLetter(t, { urgency: 'sangat_segera' });
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    // The deadline's delayed job is in Redis...
    await eventually(async () => (await relayed(letter.id)).some((e) => e.type === 'deadline.scheduled' && e.dispatched), 2_000);
    // ...and lost with it, before it is due; Redis is back after the due time.
    await redis.restartEmpty(2_500);

    await eventually(async () => JSON.stringify(await schedulerIds()) === JSON.stringify(expected), 10_000);
    // The re-created deadline sweep runs at once and fires what its lost job would have.
    await eventually(async () => (await t.sql(`SELECT overdue FROM letter WHERE id = $1`, [letter.id]))[0].overdue, 10_000);
    const [deadline] = await t.sql(`SELECT fired_at FROM letter_deadline WHERE letter_id = $1`, [letter.id]);
    expect(deadline.fired_at).not.toBeNull();
  });

  it('after-commit jobs lost with Redis run within seconds, once', async () => {
    const worker = t.app.get(WorkflowQueueProcessor).worker;
    // Queued but not yet run when Redis goes.
    await worker.pause();
    let resumed = false;
    try {
      const letter = await draftLetter(t);
      expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
      const actions = async () =>
        t.sql<{ id: string; done: boolean }>(
          `SELECT e.id, EXISTS (SELECT 1 FROM workflow_action_done d WHERE d.outbox_id = e.id) AS done
             FROM outbox_event e WHERE e.letter_id = $1 AND e.type = 'workflow.action' AND e.dispatched_at IS NOT NULL`,
          [letter.id],
        );
      await eventually(async () => (await actions()).length > 0, 5_000);
      expect((await actions()).every((a) => !a.done)).toBe(true);

      await redis.restartEmpty();
      worker.resume();
      resumed = true;
      // Well inside the five minutes the periodic redispatch waits.
      await eventually(async () => {
        const list = await actions();
        return list.length > 0 && list.every((a) => a.done);
      }, 10_000);
      // The submission's notice reached the first reviewer once.
      const notices = await t.sql(`SELECT count(*)::int AS n FROM notification WHERE letter_id = $1`, [letter.id]);
      expect(notices[0].n).toBeGreaterThan(0);
      const again = (await t.sql(`SELECT count(*)::int AS n FROM notification WHERE letter_id = $1`, [letter.id]))[0].n;
      await new Promise((r) => setTimeout(r, 2_500));
      expect((await t.sql(`SELECT count(*)::int AS n FROM notification WHERE letter_id = $1`, [letter.id]))[0].n).toBe(again);
    } finally {
      if (!resumed) worker.resume();
    }
  });

  it('a dispatch e-mail whose job was lost with Redis is sent within seconds, once', async () => {
    const p = await positionIds(t);
    const letter = await draftLetter(t, {
      reviewers: [{ positionIds: [p['KABID-APTIKA']] }],
      externalRecipients: [{ name: 'Universitas Pekalongan', address: 'Jl. Sriwijaya No. 3', email: 'rektorat@unikal.example' }] as never,
    });
    for (const [who, event] of [['staf.kominfo', 'submit'], ['kabid.aptika', 'approve'], ['kadis.kominfo', 'sign']]) expect((await fire(t, letter.id, who, event)).status).toBe(200);
    // The SMTP server stops answering: the e-mail job is taken and waits on it when Redis goes.
    smtp.hang(true);
    const before = smtp.connections();
    expect((await fire(t, letter.id, 'staf.kominfo', 'send')).status).toBe(200);
    await eventually(async () => smtp.connections() > before, 10_000);
    await redis.restartEmpty();
    smtp.hang(false);

    // Long before the periodic redispatch (five minutes), and with no job left in Redis.
    const mail = await eventually(async () => smtp.mails.find((m) => m.to.includes('rektorat@unikal.example')), 15_000);
    expect(mail.data).toContain('Content-Type: application/pdf');
    await eventually(async () => (await t.sql(`SELECT status FROM dispatch_item WHERE letter_id = $1 AND channel = 'email'`, [letter.id]))[0].status === 'dispatched', 5_000);
    // Once: the attempt that hung ends in its timeout without a second mail.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(smtp.mails.filter((m) => m.to.includes('rektorat@unikal.example'))).toHaveLength(1);
  });
});
