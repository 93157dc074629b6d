import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';

/** Stable codes of what the archive (berkas, retention, legal holds, daftar arsip) refuses. */
export enum ArchiveErrorCode {
  BERKAS_NOT_FOUND = 'BERKAS_NOT_FOUND',
  /** The caller is neither an archivist nor the TU of the berkas's unit. */
  ARCHIVE_NOT_ALLOWED = 'ARCHIVE_NOT_ALLOWED',
  /** A retention move or a legal hold is the archivist's act. */
  ARCHIVIST_ONLY = 'ARCHIVIST_ONLY',
  NO_POSITION = 'NO_POSITION',
  UNIT_NOT_FOUND = 'UNIT_NOT_FOUND',
  CLASSIFICATION_NOT_FOUND = 'CLASSIFICATION_NOT_FOUND',
  INVALID_PERIOD = 'INVALID_PERIOD',
  /** A letter that does not exist or that the caller may not see: the same answer for both. */
  LETTER_NOT_FOUND = 'LETTER_NOT_FOUND',
  /** A letter is in at most one berkas. */
  LETTER_ALREADY_FILED = 'LETTER_ALREADY_FILED',
  /** Only a numbered letter or a registered incoming one is a record to file (not a draft). */
  LETTER_NOT_FINAL = 'LETTER_NOT_FINAL',
  LETTER_NOT_IN_BERKAS = 'LETTER_NOT_IN_BERKAS',
  BERKAS_NOT_OPEN = 'BERKAS_NOT_OPEN',
  BERKAS_EMPTY = 'BERKAS_EMPTY',
  /** The berkas is not in a state that allows the act (e.g. moving an open berkas to inactive). */
  BERKAS_STATE_CONFLICT = 'BERKAS_STATE_CONFLICT',
  /** The trigger's day is not known yet, or the active retention has not run out. */
  RETENTION_NOT_DUE = 'RETENTION_NOT_DUE',
  TRIGGER_DATE_NOT_APPLICABLE = 'TRIGGER_DATE_NOT_APPLICABLE',
  TRIGGER_DATE_IN_FUTURE = 'TRIGGER_DATE_IN_FUTURE',
  /** A legal hold blocks every retention move and disposal of the berkas. */
  LEGAL_HOLD = 'LEGAL_HOLD',
  LEGAL_HOLD_ACTIVE = 'LEGAL_HOLD_ACTIVE',
  NO_LEGAL_HOLD = 'NO_LEGAL_HOLD',
}

const STATUS: Record<ArchiveErrorCode, HttpStatus> = {
  BERKAS_NOT_FOUND: HttpStatus.NOT_FOUND,
  ARCHIVE_NOT_ALLOWED: HttpStatus.FORBIDDEN,
  ARCHIVIST_ONLY: HttpStatus.FORBIDDEN,
  NO_POSITION: HttpStatus.UNPROCESSABLE_ENTITY,
  UNIT_NOT_FOUND: HttpStatus.UNPROCESSABLE_ENTITY,
  CLASSIFICATION_NOT_FOUND: HttpStatus.UNPROCESSABLE_ENTITY,
  INVALID_PERIOD: HttpStatus.BAD_REQUEST,
  LETTER_NOT_FOUND: HttpStatus.NOT_FOUND,
  LETTER_ALREADY_FILED: HttpStatus.CONFLICT,
  LETTER_NOT_FINAL: HttpStatus.UNPROCESSABLE_ENTITY,
  LETTER_NOT_IN_BERKAS: HttpStatus.NOT_FOUND,
  BERKAS_NOT_OPEN: HttpStatus.CONFLICT,
  BERKAS_EMPTY: HttpStatus.UNPROCESSABLE_ENTITY,
  BERKAS_STATE_CONFLICT: HttpStatus.CONFLICT,
  RETENTION_NOT_DUE: HttpStatus.UNPROCESSABLE_ENTITY,
  TRIGGER_DATE_NOT_APPLICABLE: HttpStatus.UNPROCESSABLE_ENTITY,
  TRIGGER_DATE_IN_FUTURE: HttpStatus.UNPROCESSABLE_ENTITY,
  LEGAL_HOLD: HttpStatus.CONFLICT,
  LEGAL_HOLD_ACTIVE: HttpStatus.CONFLICT,
  NO_LEGAL_HOLD: HttpStatus.CONFLICT,
};

export class ArchiveError extends AppError {
  constructor(
    override readonly code: ArchiveErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(code, message, STATUS[code], details);
  }
}
