import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import request from 'supertest';
import { approvalBody, ModuleSetup, setupSimpadu } from '../factories/approvals.factory';
import { eventually } from '../factories/letters.factory';
import { buildServer, kill, processEnv, startApi } from '../helpers/processes';
import { createTestApp, TestApp } from '../helpers/test-app';
import { WebhookReceiver } from '../helpers/webhook-receiver';

jest.setTimeout(300_000);

/**
 * The server as production runs it (compiled, its own process, workers inside), killed with
 * SIGKILL in the middle of a burst of decisions, then started again on the same database.
 */
describe('Server killed with SIGKILL during a burst of transitions', () => {
  let t: TestApp;
  let setup: ModuleSetup;
  let buildDir: string;
  let server: ChildProcess | undefined;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    buildDir = await buildServer();
    // The test's own app only sets up the module and reads the database; the child serves the burst.
    t = await createTestApp({ WORKERS_ENABLED: 'false', WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true' });
    await receiver.start();
    setup = await setupSimpadu(t, [receiver.url]);
  });

  afterAll(async () => {
    await kill(server);
    await receiver.stop();
    await t?.close();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  /** The compiled server with its workers inside, as `npm start` runs it, on port 0. */
  async function startServer(): Promise<string> {
    const started = await startApi(
      buildDir,
      processEnv(t, { WORKERS_ENABLED: 'true', WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true', WEBHOOK_SWEEP_INTERVAL_MS: '500', WEBHOOK_BACKOFF_BASE_MS: '200' }),
    );
    server = started.child;
    await eventually(async () => (await request(started.baseUrl).get('/health').timeout(2000).catch(() => undefined))?.status === 200, 60_000);
    return started.baseUrl;
  }

  it('after a restart, every letter is in the state of its last history row and every webhook event reaches the module', async () => {
    let url = await startServer();
    const login = await request(url).post('/api/v1/auth/login').send({ username: 'kabid.aptika', password: 'Demo#2026' });
    expect(login.status).toBe(200);
    const kabid = `Bearer ${login.body.accessToken}`;
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await request(url).post('/api/v1/approvals').set('X-Api-Key', setup.apiKey).send(approvalBody(setup, { callbackUrl: receiver.url }));
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }

    const versions = new Map((await t.sql<{ id: string; version: number }>('SELECT id, version FROM letter WHERE id = ANY($1)', [ids])).map((r) => [r.id, r.version]));
    // The decisions go out together; the server dies while they are being answered.
    let answered = 0;
    const burst = Promise.all(
      ids.map((id) =>
        request(url)
          .post(`/api/v1/letters/${id}/transitions`)
          .set('Authorization', kabid)
          .send({ event: 'approve', version: versions.get(id) })
          .then((r) => {
            answered++;
            return r.status;
          })
          .catch(() => 0),
      ),
    );
    await eventually(async () => answered >= 3, 60_000);
    await kill(server, 'SIGKILL');
    const statuses = await burst;
    // Some decisions were answered, some were cut off with the connection: none was refused.
    expect(statuses.some((s) => s === 200)).toBe(true);
    expect(statuses.every((s) => s === 200 || s === 0)).toBe(true);

    url = await startServer();
    // No letter's state differs from its last history row, and versions count the history.
    const drift = await t.sql(
      `SELECT l.id, l.state, h.to_state FROM letter l
         JOIN LATERAL (SELECT to_state, seq FROM letter_history WHERE letter_id = l.id ORDER BY seq DESC LIMIT 1) h ON true
        WHERE l.id = ANY($1) AND l.state <> h.to_state`,
      [ids],
    );
    expect(drift).toEqual([]);
    // A decision that was answered 200 is in the history; one cut off either committed whole or not at all.
    const decided = await t.sql<{ letter_id: string }>(`SELECT letter_id FROM letter_history WHERE letter_id = ANY($1) AND event = 'approve'`, [ids]);
    expect(decided.length).toBeGreaterThanOrEqual(statuses.filter((s) => s === 200).length);
    expect(new Set(decided.map((d) => d.letter_id)).size).toBe(decided.length);

    // Every outbox event is dispatched and every webhook event delivered after the restart.
    await eventually(async () => (await t.sql(`SELECT 1 FROM outbox_event WHERE dispatched_at IS NULL LIMIT 1`)).length === 0, 90_000);
    await eventually(async () => (await t.sql(`SELECT 1 FROM webhook_event WHERE status <> 'delivered' LIMIT 1`)).length === 0, 90_000);
    const events = await t.sql<{ id: string }>(`SELECT id FROM webhook_event WHERE letter_id = ANY($1)`, [ids]);
    const got = new Set(receiver.unique().map((h) => h.eventId));
    expect(events.every((e) => got.has(e.id))).toBe(true);
  });
});
