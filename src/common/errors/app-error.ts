import { HttpStatus } from '@nestjs/common';

/**
 * Base of every error the API reports on purpose. Each module declares its own
 * subclass with a code enum; the global filter turns it into
 * `{ code, message, details }` with the given HTTP status.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: HttpStatus = HttpStatus.BAD_REQUEST,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Codes shared by every module. */
export enum CommonErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  MALFORMED_JSON = 'MALFORMED_JSON',
  BODY_TOO_DEEP = 'BODY_TOO_DEEP',
  INVALID_CHARACTER = 'INVALID_CHARACTER',
  NUMBER_OUT_OF_RANGE = 'NUMBER_OUT_OF_RANGE',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  /** A foreign key of the request names a record that does not exist (raised by the exception filter). */
  REFERENCE_NOT_FOUND = 'REFERENCE_NOT_FOUND',
  ROUTE_NOT_FOUND = 'ROUTE_NOT_FOUND',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  CONFLICT = 'CONFLICT',
  VERSION_CONFLICT = 'VERSION_CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
  /** Every pool connection stayed busy for DB_ACQUIRE_TIMEOUT_MS: retry shortly. */
  DATABASE_BUSY = 'DATABASE_BUSY',
  /** The database cannot be reached, or ended the session (restart, terminated backend). */
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  /** A statement or an idle transaction ran past the server's timeout. */
  DATABASE_TIMEOUT = 'DATABASE_TIMEOUT',
  /** Too much of one kind of work is queued in this process (signatures): retry shortly. */
  SERVER_BUSY = 'SERVER_BUSY',
  /** The client went away first; nothing of the request was committed (nobody reads the answer). */
  CLIENT_CLOSED_REQUEST = 'CLIENT_CLOSED_REQUEST',
}

export class CommonError extends AppError {
  static forbidden(message = 'You may not do this'): CommonError {
    return new CommonError(CommonErrorCode.FORBIDDEN, message, HttpStatus.FORBIDDEN);
  }

  static unauthenticated(message = 'Authentication required'): CommonError {
    return new CommonError(CommonErrorCode.UNAUTHENTICATED, message, HttpStatus.UNAUTHORIZED);
  }

  static conflict(code: string, message: string, details?: unknown): CommonError {
    return new CommonError(code, message, HttpStatus.CONFLICT, details);
  }

  static validation(message: string, details?: unknown): CommonError {
    return new CommonError(CommonErrorCode.VALIDATION_FAILED, message, HttpStatus.BAD_REQUEST, details);
  }
}
