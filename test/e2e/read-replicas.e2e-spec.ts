import { ReadReplicas } from '../../src/database/read-replicas';
import { draftLetter, eventually, fire } from '../factories/letters.factory';
import { createPrimaryCluster, createStreamingReplica, PgReplica } from '../helpers/pg-replica';
import { createTestApp, TestApp } from '../helpers/test-app';

jest.setTimeout(120_000);

/** Statements the replica logged from the application's read pool, since `from` (a log length). */
function readStatements(replica: PgReplica, database: string, from = 0): string[] {
  return replica
    .log()
    .slice(from)
    .split(/\n(?=\d{4}-\d{2}-\d{2} )/)
    .filter((entry) => entry.includes(`db=${database} `) && /LOG: {2}(statement|execute [^:]*): /.test(entry));
}

/**
 * PostgreSQL read replicas (DB_READ_HOSTS) on a real streaming standby of the machine's cluster:
 * which queries reach it, read-your-own-writes, a replica paused (lag) and a replica stopped.
 */
describe('Read replicas', () => {
  let primary: { port: number; drop: () => void } | undefined;
  let replica: PgReplica;
  let t: TestApp;
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;
  const get = async (username: string, path: string, query: Record<string, string | number> = {}) =>
    t.http().get(path).query(query).set('Authorization', await auth(username));
  const listIds = async (username: string): Promise<string[]> => {
    const res = await get(username, '/api/v1/letters', { limit: 100 });
    expect(res.status).toBe(200);
    return res.body.items.map((i: { id: string }) => i.id);
  };
  const status = () => t.app.get(ReadReplicas).status()[0].status;

  beforeAll(async () => {
    // A primary of the suite's own: the machine's shared one can hold gigabytes of other runs'
    // databases, which a physical replica's base backup would copy, every one of them.
    primary = await createPrimaryCluster();
    replica = await createStreamingReplica(primary.port);
    // The app creates, migrates and seeds its database there itself; the replica replays all of it.
    t = await createTestApp(
      { DB_PORT: String(primary.port), DB_CREATE_IF_MISSING: 'true', DEMO_SEED: 'true', DB_READ_HOSTS: `127.0.0.1:${replica.port}`, DB_READ_MAX_LAG_MS: '3000', DB_READ_RETRY_MS: '300' },
      { database: 'esurat_replicas' },
    );
    await replica.caughtUp();
  }, 300_000);

  afterAll(async () => {
    // The replica first: dropping the database on the primary would cancel its sessions there.
    replica?.drop();
    await t?.close();
    primary?.drop();
  });

  it('sends lists, inbox, search, agenda and dashboards to the replica, and nothing that decides a write', async () => {
    const mark = replica.log().length;
    const draft = await draftLetter(t, { subject: 'Penataan Jaringan Replika Baca' });
    expect((await fire(t, draft.id, 'staf.kominfo', 'submit')).status).toBe(200);
    await replica.caughtUp();
    // A first read finds the replica (its state is read in the background the first time).
    await eventually(async () => (await listIds('staf.kominfo')) && status() === 'up', 5_000);

    expect(await listIds('staf.kominfo')).toContain(draft.id);
    for (const [user, path, query] of [
      ['staf.kominfo', '/api/v1/inbox', {}],
      ['kasi.aptika', '/api/v1/inbox/summary', {}],
      ['staf.kominfo', '/api/v1/search', { q: 'jaringan' }],
      ['tu.kominfo', '/api/v1/agenda', { register: 'outgoing' }],
      ['admin', '/api/v1/dashboard/letters-per-month', {}],
      ['arsiparis', '/api/v1/archive/berkas', {}],
    ] as [string, string, Record<string, string>][]) {
      const res = await get(user, path, query);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }

    const statements = readStatements(replica, t.dbName, mark);
    const all = statements.join('\n');
    // Every statement on the replica came from the read pool, none from the primary's.
    expect(statements.length).toBeGreaterThan(5);
    expect(statements.every((s) => s.includes('app=esurat-read '))).toBe(true);
    expect(all).toMatch(/FROM letter l WHERE/); // the letter list
    expect(all).toMatch(/FROM marked m/); // inbox
    expect(all).toMatch(/FROM letter_search s/); // search
    expect(all).toMatch(/FROM berkas b/); // archive list
    expect(all).toMatch(/AS month/); // dashboard
    expect(all).toMatch(/l\.number IS NOT NULL/); // agenda
    // Nothing that decides a write: locks, numbering, idempotency, sessions, the WAL position.
    expect(all).not.toMatch(/FOR (NO KEY )?UPDATE|FOR SHARE|letter_number|idempotency|pg_current_wal_lsn|INSERT |UPDATE |DELETE /i);
    expect(all).not.toMatch(/FROM "?person_session|FROM "?api_key/i);
    // No statement failed there.
    expect(replica.log().slice(mark)).not.toMatch(new RegExp(`db=${t.dbName} ERROR`));
  });

  it('shows a user their own write at once, written or read back right away, twenty times', async () => {
    for (let i = 0; i < 20; i++) {
      const draft = await draftLetter(t, { subject: `Surat Berurutan ${i}` });
      expect(await listIds('staf.kominfo')).toContain(draft.id);
    }
  });

  it('with replay paused: own writes from the primary, everyone else still answered, the replica left when too far behind', async () => {
    await replica.caughtUp();
    await replica.sql('SELECT pg_wal_replay_pause()');
    try {
      const draft = await draftLetter(t, { subject: 'Ditulis Saat Replika Berhenti' });
      // Not on the replica...
      expect(await replica.sql('SELECT id FROM letter WHERE id = $1', [draft.id], t.dbName)).toEqual([]);
      // ...yet its writer sees it, read from the primary.
      expect(await listIds('staf.kominfo')).toContain(draft.id);
      const mark = replica.log().length;
      // Someone who has written nothing since reads from the replica (a little behind, within the limit).
      expect((await get('kasi.aptika', '/api/v1/inbox')).status).toBe(200);
      expect(readStatements(replica, t.dbName, mark).join('\n')).toMatch(/FROM marked m/);

      // Past DB_READ_MAX_LAG_MS everyone reads from the primary, still answered.
      await eventually(async () => (await get('kasi.aptika', '/api/v1/inbox')).status === 200 && status() === 'behind', 10_000);
      const behind = replica.log().length;
      for (const user of ['kasi.aptika', 'kabid.aptika', 'staf.kominfo']) expect((await get(user, '/api/v1/inbox')).status).toBe(200);
      expect(await listIds('staf.kominfo')).toContain(draft.id);
      expect(readStatements(replica, t.dbName, behind).filter((s) => !s.includes('pg_last_wal_replay_lsn'))).toEqual([]);
    } finally {
      await replica.sql('SELECT pg_wal_replay_resume()');
    }
    // Caught up, the replica is read from again.
    await replica.caughtUp();
    await eventually(async () => (await get('kasi.aptika', '/api/v1/inbox')).status === 200 && status() === 'up', 10_000);
  });

  it('with the replica stopped: every request answered from the primary at once, the replica taken back when it returns', async () => {
    replica.stop();
    try {
      const started = Date.now();
      for (let i = 0; i < 10; i++) {
        const draft = await draftLetter(t, { subject: `Replika Mati ${i}` });
        expect(await listIds('staf.kominfo')).toContain(draft.id);
        for (const [user, path, query] of [
          ['kasi.aptika', '/api/v1/inbox', {}],
          ['staf.kominfo', '/api/v1/search', { q: 'replika' }],
          ['admin', '/api/v1/dashboard/overdue', {}],
        ] as [string, string, Record<string, string>][]) {
          const res = await get(user, path, query);
          expect({ path, status: res.status }).toEqual({ path, status: 200 });
        }
      }
      expect(status()).toBe('down');
      // 50 requests in well under the connect timeout each would cost (the breaker skips the replica).
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await replica.start();
    }
    await replica.caughtUp();
    await eventually(async () => (await get('kasi.aptika', '/api/v1/inbox')).status === 200 && status() === 'up', 10_000);
    const mark = replica.log().length;
    expect((await get('kasi.aptika', '/api/v1/inbox')).status).toBe(200);
    expect(readStatements(replica, t.dbName, mark).join('\n')).toMatch(/FROM marked m/);
  });
});
