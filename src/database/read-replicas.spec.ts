import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { loadConfig } from '../config/app-config';
import type { PersonPrincipal } from '../records/principal';
import { parseReadHosts, ReadReplicas, REPLICA_STATE_TTL_MS } from './read-replicas';

const person: PersonPrincipal = { kind: 'person', personId: 'p1', username: 'u', name: 'U', roles: [], positions: [], delegations: [] };
const LIST = 'SELECT id FROM letter l WHERE l.kind = $1';

/** A replica whose state and answers the test sets; the primary and Redis beside it. */
function setup(env: Record<string, string> = {}) {
  const config = loadConfig({ DB_READ_HOSTS: '10.0.0.9:5433', DB_READ_MAX_LAG_MS: '1000', DB_READ_RETRY_MS: '200', ...env });
  const primary = { query: jest.fn(async (): Promise<Record<string, string>[]> => [{ from: 'primary' }]) };
  const written = new Map<string, string>();
  const redis = {
    get: jest.fn(async (key: string) => written.get(key) ?? null),
    eval: jest.fn(async (_script: string, _n: number, key: string, lsn: string) => void written.set(key, lsn)),
  };
  const replicas = new ReadReplicas(config, primary as unknown as DataSource, redis as unknown as Redis);
  const state = { replayed: '1000', lag_ms: 0, recovery: true, streaming: true };
  let failure: Error | undefined;
  let readsOnly = false;
  let hang = false;
  const pool = (replicas as unknown as { replicas: { pool: Pool }[] }).replicas[0]?.pool;
  const replicaQuery = pool
    ? jest.spyOn(pool, 'query').mockImplementation((async (sql: string) => {
        if (hang) return new Promise(() => undefined);
        if (failure && (!readsOnly || sql === LIST)) throw failure;
        return { rows: /pg_last_wal_replay_lsn/.test(sql) ? [state] : [{ from: 'replica' }] };
      }) as never)
    : undefined;
  const readsOnReplica = () => replicaQuery!.mock.calls.filter(([sql]) => sql === LIST).length;
  return {
    replicas,
    primary,
    redis,
    state,
    readsOnReplica,
    replicaQuery,
    /** Every query on the replica fails with `err` from now on (`reads`: the reads only, not its state). */
    fail: (err: Error | undefined, reads = false) => {
      failure = err;
      readsOnly = reads;
    },
    freeze: () => (hang = true),
    read: () => replicas.query(person, LIST, ['outgoing']),
    /** Lets the background state read finish and the cached state expire. */
    settle: () => new Promise((r) => setTimeout(r, REPLICA_STATE_TTL_MS + 20)),
  };
}

describe('parseReadHosts', () => {
  it('reads host, host:port and bracketed IPv6, with the default port', () => {
    expect(parseReadHosts(' db-r1 , db-r2:5434,[::1]:5435, [fd00::2] ,', 5432)).toEqual([
      { host: 'db-r1', port: 5432 },
      { host: 'db-r2', port: 5434 },
      { host: '::1', port: 5435 },
      { host: 'fd00::2', port: 5432 },
    ]);
    expect(parseReadHosts('', 5432)).toEqual([]);
  });

  it('is validated at start', () => {
    expect(() => loadConfig({ DB_READ_HOSTS: 'db-r1:5433;drop' })).toThrow(/DB_READ_HOSTS/);
    expect(loadConfig({ DB_READ_HOSTS: 'db-r1:5433, db-r2' }).DB_READ_HOSTS).toBe('db-r1:5433, db-r2');
  });
});

describe('ReadReplicas', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('without DB_READ_HOSTS reads from the primary and records nothing', async () => {
    const t = setup({ DB_READ_HOSTS: '' });
    expect(t.replicas.enabled).toBe(false);
    expect(await t.read()).toEqual([{ from: 'primary' }]);
    await t.replicas.writeRecorded(person);
    expect(t.redis.eval).not.toHaveBeenCalled();
    expect(t.primary.query).toHaveBeenCalledTimes(1);
  });

  it('reads from a fresh replica once its state is known, and keeps a principal on the primary until their write is replayed', async () => {
    const t = setup();
    // The first read finds the replica's state unknown: the primary answers while it is read in the background.
    expect(await t.read()).toEqual([{ from: 'primary' }]);
    await t.settle();
    expect(await t.read()).toEqual([{ from: 'replica' }]);

    t.primary.query.mockResolvedValueOnce([{ lsn: '5000' }]);
    await t.replicas.writeRecorded(person);
    expect(t.redis.eval).toHaveBeenCalledWith(expect.any(String), 1, '{esurat}:read-after-write:p:p1', '5000', '10000');
    await t.settle();
    expect(await t.read()).toEqual([{ from: 'primary' }]);
    // Someone else is not held back by that write.
    expect(await t.replicas.query({ ...person, personId: 'p2' }, LIST, ['outgoing'])).toEqual([{ from: 'replica' }]);
    t.state.replayed = '5000';
    await t.settle();
    expect(await t.read()).toEqual([{ from: 'replica' }]);
  });

  it('leaves a replica further behind than DB_READ_MAX_LAG_MS, or not streaming, and warns once per change', async () => {
    const t = setup();
    await t.read();
    await t.settle();
    t.state.lag_ms = 1500;
    for (let i = 0; i < 5; i++) {
      await t.settle();
      expect(await t.read()).toEqual([{ from: 'primary' }]);
    }
    expect(t.replicas.status()).toEqual([{ name: '10.0.0.9:5433', status: 'behind', lagMs: 1500 }]);
    expect(warn).toHaveBeenCalledTimes(1);
    t.state.lag_ms = 10;
    await t.settle();
    expect(await t.read()).toEqual([{ from: 'replica' }]);
    t.state.streaming = false;
    await t.settle();
    expect(await t.read()).toEqual([{ from: 'primary' }]);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('falls back to the primary when the replica goes away, without trying it again until DB_READ_RETRY_MS has passed', async () => {
    const t = setup();
    await t.read();
    await t.settle();
    t.fail(Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:5433'), { code: 'ECONNREFUSED' }));
    // The read itself fails over: answered by the primary.
    expect(await t.read()).toEqual([{ from: 'primary' }]);
    const calls = t.replicaQuery!.mock.calls.length;
    for (let i = 0; i < 20; i++) expect(await t.read()).toEqual([{ from: 'primary' }]);
    // The breaker is open: the replica is not even tried.
    expect(t.replicaQuery!.mock.calls.length).toBe(calls);
    expect(t.replicas.status()[0].status).toBe('down');
    expect(warn).toHaveBeenCalledTimes(1);

    t.fail(undefined);
    await new Promise((r) => setTimeout(r, 250));
    // Past the retry time the replica is tried in the background; the read after that uses it.
    expect(await t.read()).toEqual([{ from: 'primary' }]);
    await t.settle();
    expect(await t.read()).toEqual([{ from: 'replica' }]);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('gives up on a replica that stops answering on an open connection within twice DB_READ_CONNECT_TIMEOUT_MS', async () => {
    const t = setup({ DB_READ_CONNECT_TIMEOUT_MS: '50' });
    await t.read();
    await t.settle();
    t.freeze();
    const started = Date.now();
    expect(await t.read()).toEqual([{ from: 'primary' }]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(t.replicas.status()[0].status).toBe('down');
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("does not hide the query's own error behind a second try on the primary", async () => {
    const t = setup();
    await t.read();
    await t.settle();
    t.fail(Object.assign(new Error('column "nope" does not exist'), { code: '42703' }), true);
    await expect(t.read()).rejects.toBeInstanceOf(QueryFailedError);
    expect(t.replicas.status()[0].status).toBe('up');
  });

  it('reads from the primary when Redis cannot say what the principal wrote', async () => {
    const t = setup();
    await t.read();
    await t.settle();
    t.redis.get.mockRejectedValueOnce(new Error("Stream isn't writeable"));
    expect(await t.read()).toEqual([{ from: 'primary' }]);
    expect(t.readsOnReplica()).toBe(0);
    expect(await t.read()).toEqual([{ from: 'replica' }]);
  });
});
