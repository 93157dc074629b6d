import request from 'supertest';
import { approvalBody, ModuleSetup, setupSimpadu } from '../factories/approvals.factory';
import { eventually } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

jest.setTimeout(180_000);

/** Ends every server session of the app's pool (as an operator's pg_terminate_backend or a failover would). */
async function terminateBackends(t: TestApp): Promise<number> {
  const rows = await t.sql<{ n: number }>(
    `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
      WHERE datname = $1 AND application_name = 'esurat-core' AND pid <> pg_backend_pid()`,
    [t.dbName],
  );
  return rows[0].n;
}

describe('Database sessions terminated under load', () => {
  let t: TestApp;
  let setup: ModuleSetup;

  beforeAll(async () => {
    t = await createTestApp();
    setup = await setupSimpadu(t, []);
  });
  afterAll(async () => t.close());

  it('POST /approvals on a terminated connection answers 503 DATABASE_UNAVAILABLE, then works again', async () => {
    // Warm the pool so that its idle connections are the ones terminated.
    expect((await t.http().post('/api/v1/approvals').set('X-Api-Key', setup.apiKey).send(approvalBody(setup))).status).toBe(201);
    expect(await terminateBackends(t)).toBeGreaterThan(0);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => t.http().post('/api/v1/approvals').set('X-Api-Key', setup.apiKey).timeout(20_000).send(approvalBody(setup))),
    );
    for (const a of answers) {
      expect([201, 503]).toContain(a.status);
      if (a.status === 503) {
        expect(a.body.code).toBe('DATABASE_UNAVAILABLE');
        expect(a.headers['retry-after']).toBeDefined();
      }
    }
    // The pool replaces the dead connections: the next requests all succeed.
    await eventually(async () => (await t.http().post('/api/v1/approvals').set('X-Api-Key', setup.apiKey).send(approvalBody(setup))).status === 201);
    const again = await Promise.all(Array.from({ length: 10 }, () => t.http().post('/api/v1/approvals').set('X-Api-Key', setup.apiKey).send(approvalBody(setup))));
    expect(again.map((a) => a.status)).toEqual(again.map(() => 201));
  });

  it('a burst of reads and writes while sessions are terminated again and again: only 2xx and clean 503s, nothing half-written, and recovery', async () => {
    const staff = `Bearer ${await t.token('staf.kominfo')}`;
    const kabid = `Bearer ${await t.token('kabid.aptika')}`;
    let killing = true;
    const killer = (async () => {
      let terminated = 0;
      while (killing) {
        terminated += await terminateBackends(t);
        await new Promise((r) => setTimeout(r, 150));
      }
      return terminated;
    })();
    const burst = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        switch (i % 3) {
          case 0:
            return request(t.baseUrl).post('/api/v1/approvals').set('X-Api-Key', setup.apiKey).timeout(20_000).send(approvalBody(setup));
          case 1:
            return request(t.baseUrl).get('/api/v1/inbox').set('Authorization', kabid).timeout(20_000);
          default:
            return request(t.baseUrl).get('/api/v1/letters').set('Authorization', staff).timeout(20_000);
        }
      }),
    );
    killing = false;
    expect(await killer).toBeGreaterThan(0);
    const statuses = burst.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 201 || s === 503)).toBe(true);
    for (const r of burst.filter((b) => b.status === 503)) expect(r.body.code).toBe('DATABASE_UNAVAILABLE');

    // Every approval that exists is whole: its letter, its request row, its start in the history.
    const broken = await t.sql(
      `SELECT l.id FROM letter l
         LEFT JOIN approval_request r ON r.letter_id = l.id
        WHERE l.kind = 'approval' AND (r.letter_id IS NULL OR NOT EXISTS (SELECT 1 FROM letter_history h WHERE h.letter_id = l.id))`,
    );
    expect(broken).toEqual([]);
    for (const created of burst.filter((b) => b.status === 201)) {
      expect(await t.sql('SELECT 1 FROM letter WHERE id = $1', [created.body.id])).toHaveLength(1);
    }

    await eventually(async () => (await request(t.baseUrl).get('/health')).status === 200);
    const after = await Promise.all(Array.from({ length: 12 }, () => request(t.baseUrl).get('/api/v1/inbox').set('Authorization', kabid)));
    expect(after.map((a) => a.status)).toEqual(after.map(() => 200));
  });
});
