import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { AppError, CommonErrorCode } from '../errors/app-error';
import { databaseFailure } from '../errors/database-failure';

export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

const PG_UNIQUE_VIOLATION = '23505';
const PG_FOREIGN_KEY_VIOLATION = '23503';
const PG_INVALID_TEXT = '22P02';
const PG_NOT_NULL_VIOLATION = '23502';
const PG_CHECK_VIOLATION = '23514';
const PG_SERIALIZATION = '40001';

const statusCodes: Record<number, string> = {
  400: CommonErrorCode.VALIDATION_FAILED,
  401: CommonErrorCode.UNAUTHENTICATED,
  403: CommonErrorCode.FORBIDDEN,
  404: CommonErrorCode.NOT_FOUND,
  405: CommonErrorCode.METHOD_NOT_ALLOWED,
  409: CommonErrorCode.CONFLICT,
  413: CommonErrorCode.PAYLOAD_TOO_LARGE,
  415: CommonErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: CommonErrorCode.RATE_LIMITED,
};

/** The one place where any thrown error becomes `{ code, message, details }`. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<FastifyReply>();
    const [status, body] = this.toResponse(exception);
    if (status === HttpStatus.SERVICE_UNAVAILABLE) {
      // The deployment's state, not a bug: one line, without the SQL or its parameters.
      this.logger.warn(`${body.code}: ${(exception as Error)?.message ?? ''}`);
    } else if (status >= 500) {
      this.logger.error({ err: exception }, 'Unhandled error');
    }
    if (response.sent || response.raw.headersSent) {
      if (!response.raw.writableEnded) response.raw.end();
      return;
    }
    // RFC 9110 §10.2.3: a client told to wait is told how long in the header it reads.
    const retryAfter = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if ((status === HttpStatus.TOO_MANY_REQUESTS || status === HttpStatus.SERVICE_UNAVAILABLE) && typeof retryAfter === 'number') {
      response.header('Retry-After', String(retryAfter));
    }
    // A route's own @Header('Content-Type') is already on the response; the error body is JSON all the same.
    response.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
  }

  toResponse(exception: unknown): [number, ErrorBody] {
    const unavailable = databaseFailure(exception);
    if (unavailable) return [unavailable.status, { code: unavailable.code, message: unavailable.message, details: unavailable.details }];
    if (exception instanceof AppError) {
      return [exception.status, { code: exception.code, message: exception.message, details: exception.details }];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      const message =
        typeof res === 'string' ? res : Array.isArray((res as any).message) ? (res as any).message.join('; ') : (res as any).message ?? exception.message;
      const code =
        status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.test(String(message))
          ? CommonErrorCode.ROUTE_NOT_FOUND
          : statusCodes[status] ?? (status >= 500 ? CommonErrorCode.INTERNAL_ERROR : CommonErrorCode.VALIDATION_FAILED);
      return [status, { code, message: String(message) }];
    }
    const bodyParser = this.fromBodyParser(exception);
    if (bodyParser) return bodyParser;
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string } | undefined)?.code;
      if (code === PG_UNIQUE_VIOLATION) {
        return [HttpStatus.CONFLICT, { code: CommonErrorCode.CONFLICT, message: 'A record with the same unique value already exists' }];
      }
      if (code === PG_FOREIGN_KEY_VIOLATION) {
        return [HttpStatus.UNPROCESSABLE_ENTITY, { code: CommonErrorCode.REFERENCE_NOT_FOUND, message: 'A referenced record does not exist' }];
      }
      // A null sent for a required field that no DTO rule caught (IsOptional lets null through).
      if (code === PG_NOT_NULL_VIOLATION || code === PG_CHECK_VIOLATION) {
        const column = (exception.driverError as { column?: string; constraint?: string }).column ?? (exception.driverError as { constraint?: string }).constraint;
        return [HttpStatus.BAD_REQUEST, { code: CommonErrorCode.VALIDATION_FAILED, message: 'A required value is missing or not allowed', details: { field: column } }];
      }
      if (code === PG_INVALID_TEXT) {
        return [HttpStatus.BAD_REQUEST, { code: CommonErrorCode.VALIDATION_FAILED, message: 'A value has the wrong format' }];
      }
      if (code === PG_SERIALIZATION) {
        return [HttpStatus.CONFLICT, { code: CommonErrorCode.VERSION_CONFLICT, message: 'Concurrent update, retry with the current version' }];
      }
    }
    return [HttpStatus.INTERNAL_SERVER_ERROR, { code: CommonErrorCode.INTERNAL_ERROR, message: 'Internal server error' }];
  }

  /** Errors raised by the body parsers and the upload interceptor before a route runs. */
  private fromBodyParser(exception: unknown): [number, ErrorBody] | undefined {
    const err = exception as { type?: string; code?: string; status?: number; statusCode?: number; message?: string; field?: string };
    if (!err || typeof err !== 'object') return undefined;
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return [HttpStatus.PAYLOAD_TOO_LARGE, { code: CommonErrorCode.PAYLOAD_TOO_LARGE, message: 'The request body is too large' }];
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        break;
      case 'FST_REQ_FILE_TOO_LARGE':
        return [HttpStatus.PAYLOAD_TOO_LARGE, { code: CommonErrorCode.PAYLOAD_TOO_LARGE, message: 'The uploaded file is too large' }];
    }
    if (typeof err.code === 'string' && err.code.startsWith('FST_') && typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return [err.statusCode, { code: statusCodes[err.statusCode] ?? CommonErrorCode.VALIDATION_FAILED, message: err.message ?? 'Bad request' }];
    }
    switch (err.type) {
      case 'entity.parse.failed':
        return [HttpStatus.BAD_REQUEST, { code: CommonErrorCode.MALFORMED_JSON, message: 'The request body is not valid JSON' }];
      case 'entity.too.large':
        return [HttpStatus.PAYLOAD_TOO_LARGE, { code: CommonErrorCode.PAYLOAD_TOO_LARGE, message: 'The request body is too large' }];
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return [HttpStatus.UNSUPPORTED_MEDIA_TYPE, { code: CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, message: err.message ?? 'Unsupported encoding' }];
    }
    if (err.code === 'LIMIT_FILE_SIZE') {
      return [HttpStatus.PAYLOAD_TOO_LARGE, { code: CommonErrorCode.PAYLOAD_TOO_LARGE, message: 'The uploaded file is too large' }];
    }
    if (typeof err.code === 'string' && err.code.startsWith('LIMIT_')) {
      return [HttpStatus.BAD_REQUEST, { code: CommonErrorCode.VALIDATION_FAILED, message: err.message ?? 'Upload rejected', details: { field: err.field } }];
    }
    if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
      return [err.status, { code: statusCodes[err.status] ?? CommonErrorCode.VALIDATION_FAILED, message: err.message ?? 'Bad request' }];
    }
    return undefined;
  }
}
