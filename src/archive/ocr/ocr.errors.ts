import { HttpStatus } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';

/** Stable codes of what the letter-text (OCR) endpoints refuse. */
export enum OcrErrorCode {
  LETTER_TEXT_NOT_FOUND = 'LETTER_TEXT_NOT_FOUND',
  NOT_THE_REGISTERING_UNIT = 'NOT_THE_REGISTERING_UNIT',
  LETTER_TEXT_NOT_READY = 'LETTER_TEXT_NOT_READY',
  SEARCHABLE_PDF_NOT_FOUND = 'SEARCHABLE_PDF_NOT_FOUND',
}

const STATUS: Record<OcrErrorCode, HttpStatus> = {
  LETTER_TEXT_NOT_FOUND: HttpStatus.NOT_FOUND,
  NOT_THE_REGISTERING_UNIT: HttpStatus.FORBIDDEN,
  LETTER_TEXT_NOT_READY: HttpStatus.CONFLICT,
  SEARCHABLE_PDF_NOT_FOUND: HttpStatus.NOT_FOUND,
};

export class OcrError extends AppError {
  constructor(
    override readonly code: OcrErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(code, message, STATUS[code], details);
  }
}
