import { HttpStatus } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppError, CommonErrorCode } from './app-error';

/** SQLSTATEs of a session the server ended or refused: the request may be retried. */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend, a fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovery)
  '53300', // too_many_connections
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
]);
const TIMEOUT_STATES = new Set([
  '57014', // query_canceled: statement_timeout
  '25P03', // idle_in_transaction_session_timeout
  '55P03', // lock_not_available: lock_timeout
]);
/** Socket-level failures raised by the pg client itself, with no SQLSTATE. */
const UNAVAILABLE_MESSAGES = /Connection terminated|ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|Client has encountered a connection error|Driver not Connected/;

export class DatabaseFailureError extends AppError {
  constructor(code: CommonErrorCode, message: string) {
    super(code, message, HttpStatus.SERVICE_UNAVAILABLE, { retryAfterSeconds: code === CommonErrorCode.DATABASE_BUSY ? 1 : 2 });
  }
}

/**
 * A database failure that is the deployment's state, not the request's fault, as the 503 the
 * API answers with; undefined for anything else (a constraint, a bug). Never carries the SQL or
 * its parameters.
 */
export function databaseFailure(err: unknown): DatabaseFailureError | undefined {
  if (err instanceof DatabaseFailureError) return err;
  // Errors raised on purpose say what they mean, even when a message quotes a socket error.
  if (err instanceof AppError) return undefined;
  // TypeORM lets go of a transaction's runner when its connection fails; the next query says so.
  if ((err as Error)?.name === 'QueryRunnerAlreadyReleasedError') {
    return new DatabaseFailureError(CommonErrorCode.DATABASE_UNAVAILABLE, 'The database is not available right now; try again shortly');
  }
  const cause = err instanceof QueryFailedError ? (err.driverError as unknown) : err;
  if (!cause || typeof cause !== 'object') return undefined;
  const { code, message } = cause as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (text === 'timeout exceeded when trying to connect') {
    return new DatabaseFailureError(CommonErrorCode.DATABASE_BUSY, 'The server is busy: every database connection is in use, try again shortly');
  }
  if (typeof code === 'string' && TIMEOUT_STATES.has(code)) {
    return new DatabaseFailureError(CommonErrorCode.DATABASE_TIMEOUT, 'The database took too long to answer; nothing was saved, try again');
  }
  if ((typeof code === 'string' && UNAVAILABLE_STATES.has(code)) || UNAVAILABLE_MESSAGES.test(text) || UNAVAILABLE_MESSAGES.test(String(code ?? ''))) {
    return new DatabaseFailureError(CommonErrorCode.DATABASE_UNAVAILABLE, 'The database is not available right now; try again shortly');
  }
  return undefined;
}
