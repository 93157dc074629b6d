import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';

export enum NumberingErrorCode {
  NUMBERING_FORMAT_INVALID = 'NUMBERING_FORMAT_INVALID',
  NUMBERING_FORMAT_NOT_FOUND = 'NUMBERING_FORMAT_NOT_FOUND',
  NUMBERING_FORMAT_IN_USE = 'NUMBERING_FORMAT_IN_USE',
  NUMBERING_TYPE_UNKNOWN = 'NUMBERING_TYPE_UNKNOWN',
  CLASSIFICATION_REQUIRED = 'CLASSIFICATION_REQUIRED',
  UNIT_REQUIRED = 'UNIT_REQUIRED',
  UNIT_NOT_ALLOWED = 'UNIT_NOT_ALLOWED',
  NUMBER_TAKEN = 'NUMBER_TAKEN',
  LETTER_ALREADY_NUMBERED = 'LETTER_ALREADY_NUMBERED',
  RESERVATION_NOT_FOUND = 'RESERVATION_NOT_FOUND',
  RESERVATION_NOT_ACTIVE = 'RESERVATION_NOT_ACTIVE',
  RESERVATION_EXISTS = 'RESERVATION_EXISTS',
  RESERVATION_LETTER_MISMATCH = 'RESERVATION_LETTER_MISMATCH',
}

/** Errors of letter numbering (nomor surat): every one a 4xx with a stable code. */
export class NumberingError extends AppError {
  static unprocessable(code: NumberingErrorCode, message: string, details?: unknown): NumberingError {
    return new NumberingError(code, message, HttpStatus.UNPROCESSABLE_ENTITY, details);
  }

  static conflict(code: NumberingErrorCode, message: string, details?: unknown): NumberingError {
    return new NumberingError(code, message, HttpStatus.CONFLICT, details);
  }

  static notFound(code: NumberingErrorCode, message: string, details?: unknown): NumberingError {
    return new NumberingError(code, message, HttpStatus.NOT_FOUND, details);
  }

  static forbidden(code: NumberingErrorCode, message: string, details?: unknown): NumberingError {
    return new NumberingError(code, message, HttpStatus.FORBIDDEN, details);
  }

  static formatInvalid(problems: string[]): NumberingError {
    return NumberingError.unprocessable(NumberingErrorCode.NUMBERING_FORMAT_INVALID, `Invalid number format: ${problems.join('; ')}`, { problems });
  }
}

/** A wrong numbering configuration file: the server refuses to start. */
export class NumberingConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Numbering configuration is wrong:\n  ${problems.join('\n  ')}`);
    this.name = 'NumberingConfigError';
  }
}
