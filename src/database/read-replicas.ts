import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { Pool } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { CommonErrorCode } from '../common/errors/app-error';
import { databaseFailure } from '../common/errors/database-failure';
import { AppConfig } from '../config/app-config';
import { InjectRedis } from '../queue/redis-client.provider';
import type { Principal } from '../records/principal';
import { insideTransaction, SecondConnectionInTransactionError } from './transaction-scope';

/** The application_name of the replica pools' sessions (the primary's are `esurat-core`). */
export const READ_APPLICATION_NAME = 'esurat-read';
/** A replica's replay position and lag are read again when older than this. */
export const REPLICA_STATE_TTL_MS = 100;

/** One entry of DB_READ_HOSTS: `host`, `host:port`, `[v6]` or `[v6]:port`. */
export function parseReadHosts(list: string, defaultPort: number): { host: string; port: number }[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((entry) => {
      const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
      if (v6) return { host: v6[1], port: v6[2] ? Number(v6[2]) : defaultPort };
      const colon = entry.lastIndexOf(':');
      if (colon > 0 && /^\d+$/.test(entry.slice(colon + 1))) return { host: entry.slice(0, colon), port: Number(entry.slice(colon + 1)) };
      return { host: entry, port: defaultPort };
    });
}

/** The key of a principal's last write position: a person or a module (API key). */
export function principalKey(principal: Principal): string {
  return principal.kind === 'person' ? `p:${principal.personId}` : `m:${principal.moduleId}`;
}

type ReplicaStatus = 'unknown' | 'up' | 'behind' | 'down';

interface ReplicaState {
  /** Bytes of WAL replayed (pg_last_wal_replay_lsn() - '0/0'). */
  replayed: bigint;
  lagMs: number;
  checkedAt: number;
}

class Replica {
  status: ReplicaStatus = 'unknown';
  state?: ReplicaState;
  /** While down: not tried before this time (the circuit breaker). */
  retryAt = 0;
  refreshing?: Promise<void>;

  constructor(
    readonly name: string,
    readonly pool: Pool,
  ) {}
}

/**
 * Reads: replay position, lag and standby state in one round trip. Lag is the age of the last
 * replayed transaction while WAL is waiting to be replayed, 0 when everything received is
 * replayed; a standby not streaming from its primary (or no standby at all: promoted) is unusable.
 */
const STATE_SQL = `SELECT (COALESCE(pg_last_wal_replay_lsn(), '0/0') - '0/0')::text AS replayed,
  CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
       ELSE COALESCE(extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000, 0) END::float8 AS lag_ms,
  pg_is_in_recovery() AS recovery,
  EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') AS streaming`;

/** Keeps the highest position of a principal's writes, and renews its time to live. */
const RECORD_SCRIPT = `local c = redis.call('GET', KEYS[1])
if (not c) or tonumber(ARGV[1]) > tonumber(c) then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

/**
 * Lag-tolerant reads on the read replicas (DB_READ_HOSTS), by explicit call: the services of
 * lists, inbox, search, agenda, dashboards and archive lists call `query()` where they would
 * call `DataSource.query()`. Everything else (transactions, version checks, numbering,
 * idempotency, authentication) keeps using the DataSource, which only knows the primary.
 *
 * A read goes to a replica only when that replica
 * - answered its last state read (a failure opens the breaker for DB_READ_RETRY_MS: reads go to
 *   the primary without waiting; the next try runs in the background),
 * - is a streaming standby no more than DB_READ_MAX_LAG_MS behind, and
 * - has replayed the last write of the principal reading (read-your-own-writes): every write
 *   request records the primary's WAL position for its principal in Redis (writeRecorded()),
 *   shared by every API node; a read compares it with the replica's replay position, read at
 *   most every REPLICA_STATE_TTL_MS.
 * Otherwise, and whenever the replica fails the read itself, the read runs on the primary.
 */
@Injectable()
export class ReadReplicas implements OnApplicationShutdown {
  private readonly logger = new Logger('ReadReplicas');
  private readonly replicas: Replica[];
  private next = 0;
  private readonly ttlMs: number;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    @InjectRedis() private readonly redis: Redis,
  ) {
    this.replicas = parseReadHosts(config.DB_READ_HOSTS, config.DB_PORT).map(({ host, port }) => {
      const pool = new Pool({
        host,
        port,
        user: config.DB_USER,
        password: config.DB_PASSWORD || undefined,
        database: config.DB_NAME,
        max: config.DB_READ_POOL_SIZE,
        connectionTimeoutMillis: config.DB_READ_CONNECT_TIMEOUT_MS,
        statement_timeout: config.DB_STATEMENT_TIMEOUT_MS,
        // A replica that stops answering on an open connection (its machine frozen, a network
        // partition) cannot enforce its statement_timeout: the client gives up a little later.
        query_timeout: config.DB_STATEMENT_TIMEOUT_MS + 1_000,
        application_name: READ_APPLICATION_NAME,
      });
      // An idle client whose server went away reports it here; the next read finds out itself.
      pool.on('error', () => undefined);
      return new Replica(host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`, pool);
    });
    // Longer than the lag a replica may have and still be read: a write older than that is replayed on every replica in use.
    this.ttlMs = Math.max(2 * config.DB_READ_MAX_LAG_MS, 10_000);
  }

  /** Whether any replica is configured. */
  get enabled(): boolean {
    return this.replicas.length > 0;
  }

  /**
   * A read that tolerates a little lag, for `principal` (undefined: nobody's own writes to wait
   * for). Rows as DataSource.query() returns them; SQL errors as QueryFailedError.
   */
  async query<T = any>(principal: Principal | undefined, sql: string, params: unknown[] = []): Promise<T[]> {
    if (insideTransaction()) throw new SecondConnectionInTransactionError();
    const replica = this.enabled ? await this.pick(principal) : undefined;
    if (replica) {
      try {
        return (await replica.pool.query(sql, params)).rows as T[];
      } catch (err) {
        if (!this.fallsBack(replica, err)) throw new QueryFailedError(sql, params, err as Error);
      }
    }
    return this.db.query(sql, params);
  }

  /**
   * Records the primary's WAL position as the last write of `principal`, before the write's
   * answer leaves: the principal's next reads wait for a replica that has replayed it.
   */
  async writeRecorded(principal: Principal): Promise<void> {
    if (!this.enabled) return;
    const [{ lsn }] = await this.db.query(`SELECT (pg_current_wal_lsn() - '0/0')::text AS lsn`);
    await this.redis.eval(RECORD_SCRIPT, 1, this.redisKey(principal), lsn, String(this.ttlMs));
  }

  /** Which replica is used for the next read and why not, for /health and the tests. */
  status(): { name: string; status: ReplicaStatus; lagMs?: number }[] {
    return this.replicas.map((r) => ({ name: r.name, status: r.status, lagMs: r.state?.lagMs }));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => undefined)));
  }

  private redisKey(principal: Principal): string {
    return `${this.config.QUEUE_PREFIX}:read-after-write:${principalKey(principal)}`;
  }

  /** A replica for this read, or undefined for the primary. */
  private async pick(principal: Principal | undefined): Promise<Replica | undefined> {
    const now = Date.now();
    const candidates: Replica[] = [];
    await Promise.all(
      this.replicas.map(async (r) => {
        if (r.status === 'down' && now < r.retryAt) return;
        if (r.status === 'down' || r.status === 'unknown') {
          // Tried again in the background: this read does not wait on a connect timeout.
          void this.refresh(r);
          return;
        }
        if (!r.state || now - r.state.checkedAt > REPLICA_STATE_TTL_MS) await this.refresh(r);
        if (r.status === 'up') candidates.push(r);
      }),
    );
    if (candidates.length === 0) return undefined;
    let written = 0n;
    if (principal) {
      try {
        const value = await this.redis.get(this.redisKey(principal));
        written = value ? BigInt(value) : 0n;
      } catch {
        // Without the principal's last write position, only the primary is sure to show it.
        return undefined;
      }
    }
    const caughtUp = candidates.filter((r) => r.state!.replayed >= written);
    if (caughtUp.length === 0) return undefined;
    return caughtUp[this.next++ % caughtUp.length];
  }

  /** Reads the replica's state once at a time; a failure opens its breaker. */
  private refresh(replica: Replica): Promise<void> {
    replica.refreshing ??= (async () => {
      try {
        const [row] = (await this.withinConnectTimeout(replica.pool.query(STATE_SQL))).rows as { replayed: string; lag_ms: number; recovery: boolean; streaming: boolean }[];
        replica.state = { replayed: BigInt(row.replayed), lagMs: Math.round(row.lag_ms), checkedAt: Date.now() };
        if (!row.recovery) this.setStatus(replica, 'behind', 'is not a standby (promoted?): reads go to the primary');
        else if (!row.streaming) this.setStatus(replica, 'behind', 'is not streaming from the primary: reads go to the primary');
        else if (row.lag_ms > this.config.DB_READ_MAX_LAG_MS) {
          this.setStatus(replica, 'behind', `is more than DB_READ_MAX_LAG_MS (${this.config.DB_READ_MAX_LAG_MS} ms) behind: reads go to the primary`);
        } else this.setStatus(replica, 'up', 'is in use for reads');
      } catch (err) {
        this.markDown(replica, err);
      } finally {
        replica.refreshing = undefined;
      }
    })();
    return replica.refreshing;
  }

  /** The state read waits no longer than a connection may take to open, twice: a replica slower than that is down. */
  private withinConnectTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Query read timeout')), 2 * this.config.DB_READ_CONNECT_TIMEOUT_MS);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  /** Whether a replica's failure of a read is the replica's state (read again on the primary) rather than the SQL's. */
  private fallsBack(replica: Replica, err: unknown): boolean {
    const failure = databaseFailure(err);
    const code = (err as { code?: unknown })?.code;
    if (failure?.code === CommonErrorCode.DATABASE_UNAVAILABLE || (err as Error)?.message === 'Query read timeout') {
      this.markDown(replica, err);
      return true;
    }
    // A full replica pool, or a read cancelled by replay (conflict with recovery): the primary answers.
    return failure?.code === CommonErrorCode.DATABASE_BUSY || code === '40001' || code === '57P04';
  }

  private markDown(replica: Replica, err: unknown): void {
    replica.retryAt = Date.now() + this.config.DB_READ_RETRY_MS;
    replica.state = undefined;
    const reason = (err as { code?: string })?.code ?? (err as Error)?.message ?? 'failed';
    this.setStatus(replica, 'down', `failed (${reason}): reads go to the primary, retried every ${this.config.DB_READ_RETRY_MS} ms`);
  }

  /** Logs a replica's change of state once, not on every read. */
  private setStatus(replica: Replica, status: ReplicaStatus, message: string): void {
    if (replica.status === status) return;
    replica.status = status;
    if (status === 'up') this.logger.log({ replica: replica.name }, `Read replica ${replica.name} ${message}`);
    else this.logger.warn({ replica: replica.name }, `Read replica ${replica.name} ${message}`);
  }
}
