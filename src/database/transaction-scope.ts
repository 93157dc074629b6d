import { AsyncLocalStorage } from 'node:async_hooks';
import { HttpStatus, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, CommonErrorCode } from '../common/errors/app-error';

/**
 * Two guards on the connection pool, installed once on the application's DataSource:
 *
 * - Inside a transaction, code must use the transaction's manager. Taking a second pool
 *   connection there (the DataSource, or a service's own `this.db`) holds one connection while
 *   waiting for another: under load every connection ends up held by a transaction waiting for
 *   a second, and the pool deadlocks for good. Such a call fails at once instead, in every
 *   environment, so a test or the first request finds it.
 * - A request whose client has gone does not go on to commit: its transaction rolls back, and
 *   one that had not started yet does not start (it would run for nobody after a long queue).
 */
const logger = new Logger('Database');
/** A query on the connection whose transaction has just committed (no longer in a transaction). */
export type CommittedQuery = (sql: string, params?: unknown[]) => Promise<any>;

interface TransactionScope {
  open: boolean;
  /** Work for after the commit, by key, with its state: see afterCommit(). */
  afterCommit: Map<string, { state: unknown; run: (query: CommittedQuery) => Promise<void> }>;
}
const transactions = new AsyncLocalStorage<TransactionScope>();
const requests = new AsyncLocalStorage<{ gone: boolean }>();


export class SecondConnectionInTransactionError extends AppError {
  constructor() {
    super(
      CommonErrorCode.INTERNAL_ERROR,
      'A pool connection was requested inside a transaction: use the transaction manager',
      500,
    );
  }
}

/** Thrown where a request's work stops because its client closed the connection. */
export class ClientGoneError extends AppError {
  constructor() {
    super(CommonErrorCode.CLIENT_CLOSED_REQUEST, 'The client closed the connection before the request finished', 499 as HttpStatus);
  }
}

/**
 * Runs `work` once the transaction this code runs in has committed, on the same connection
 * (no longer in a transaction, before it goes back to the pool: no second connection to wait
 * for), before the transaction's caller goes on; never when it rolls back. `key` is registered
 * once per transaction: the first call creates its `state`, which every call gets back to add
 * to and `work` receives. Returns undefined, doing nothing, outside a transaction: the caller
 * then does the work itself. `work` handles its own failures: the transaction has committed.
 */
export function afterCommit<T>(key: string, state: () => T, work: (state: T, query: CommittedQuery) => Promise<void>): T | undefined {
  const scope = transactions.getStore();
  if (!scope?.open) return undefined;
  let entry = scope.afterCommit.get(key) as { state: T; run: (query: CommittedQuery) => Promise<void> } | undefined;
  if (!entry) {
    const created = state();
    entry = { state: created, run: (query) => work(created, query) };
    scope.afterCommit.set(key, entry as { state: unknown; run: (query: CommittedQuery) => Promise<void> });
  }
  return entry.state;
}

/** Whether this code runs inside a transaction of the guarded DataSource (its work, before the commit). */
export const insideTransaction = (): boolean => transactions.getStore()?.open === true;

/** A hook before the route runs: marks the request's async context as gone when its client disconnects first. */
export function trackClientDisconnect(res: ServerResponse, next: () => void): void {
  const scope = { gone: false };
  res.once('close', () => {
    if (!res.writableFinished) scope.gone = true;
  });
  requests.run(scope, next);
}

/** Whether the request this code runs for has lost its client (false outside a request). */
export const clientGone = (): boolean => requests.getStore()?.gone === true;

type PoolErrorMapper = (err: unknown) => unknown;

/**
 * Installs both guards on `dataSource`. `mapAcquireError` turns a failure to get a pool
 * connection (timeout, database down) into the error the API answers with.
 */
export function guardTransactions(dataSource: DataSource, mapAcquireError: PoolErrorMapper): void {
  const manager = dataSource.manager;
  const begin = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  manager.transaction = ((isolationOrWork: unknown, maybeWork?: unknown) => {
    const work = (typeof isolationOrWork === 'function' ? isolationOrWork : maybeWork) as (tx: EntityManager) => Promise<unknown>;
    const scope: TransactionScope = { open: true, afterCommit: new Map() };
    const scoped = async (tx: EntityManager) => {
      try {
        const result = await transactions.run(scope, () => work(tx));
        if (clientGone()) throw new ClientGoneError();
        const runner = tx.queryRunner;
        if (scope.afterCommit.size > 0 && runner) {
          // The manager commits, then releases the connection: the work goes in between.
          const commit = runner.commitTransaction.bind(runner);
          runner.commitTransaction = async () => {
            await commit();
            const query: CommittedQuery = (sql, params) => runner.query(sql, params);
            for (const after of scope.afterCommit.values()) await after.run(query);
          };
        }
        return result;
      } finally {
        scope.open = false;
      }
    };
    if (clientGone()) return Promise.reject(new ClientGoneError());
    return typeof isolationOrWork === 'function' ? begin(scoped) : begin(isolationOrWork, scoped);
  }) as EntityManager['transaction'];

  const driver = dataSource.driver as unknown as { obtainMasterConnection: () => Promise<unknown>; master: Pool & { _clients?: PoolClient[] } };
  // A session the server ends (pg_terminate_backend, a restart) can report it while its client
  // is between owners, with nobody listening: an 'error' event without a listener would end
  // the process. The failure itself reaches whoever uses the client next.
  const keep = (client: PoolClient) => client.on('error', () => undefined);
  for (const client of driver.master._clients ?? []) keep(client);
  driver.master.on('connect', keep);
  const obtain = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = async () => {
    if (transactions.getStore()?.open) {
      const err = new SecondConnectionInTransactionError();
      // Loud even where a caller swallows the error: the stack names the code to fix.
      logger.error({ err }, err.message);
      throw err;
    }
    let connection: unknown;
    try {
      connection = await obtain();
    } catch (err) {
      throw mapAcquireError(err);
    }
    // A request that waited in the pool's queue after its client left stops here.
    if (clientGone()) {
      (connection as [unknown, () => void])[1]();
      throw new ClientGoneError();
    }
    return connection;
  };
}
