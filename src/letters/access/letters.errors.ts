import { HttpStatus } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';

export enum LetterErrorCode {
  LETTER_NOT_FOUND = 'LETTER_NOT_FOUND',
  POSITION_NOT_FOUND = 'POSITION_NOT_FOUND',
  SIGNER_NOT_ALLOWED = 'SIGNER_NOT_ALLOWED',
  NOT_YOUR_POSITION = 'NOT_YOUR_POSITION',
  NO_POSITION = 'NO_POSITION',
  NOT_EDITABLE = 'NOT_EDITABLE',
  /** The letter type names no workflow of this server. */
  LETTER_TYPE_UNKNOWN = 'LETTER_TYPE_UNKNOWN',
  SIGNATURE_MARK_INVALID = 'SIGNATURE_MARK_INVALID',
  CLASSIFICATION_NOT_FOUND = 'CLASSIFICATION_NOT_FOUND',
}

export class LetterError extends AppError {
  static notFound(id: string): LetterError {
    return new LetterError(LetterErrorCode.LETTER_NOT_FOUND, `Letter ${id} not found`, HttpStatus.NOT_FOUND);
  }

  static unprocessable(code: LetterErrorCode, message: string, details?: unknown): LetterError {
    return new LetterError(code, message, HttpStatus.UNPROCESSABLE_ENTITY, details);
  }
}
