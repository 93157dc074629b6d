import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';

/** Stable codes of what a search refuses. */
export enum SearchErrorCode {
  QUERY_TOO_LONG = 'QUERY_TOO_LONG',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  INVALID_DATE_RANGE = 'INVALID_DATE_RANGE',
}

export class SearchError extends AppError {
  constructor(code: SearchErrorCode, message: string, status = HttpStatus.BAD_REQUEST, details?: unknown) {
    super(code, message, status, details);
  }
}
