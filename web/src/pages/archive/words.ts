import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/errors';

/** The codes of the archive API whose words the archive section holds. */
const ARCHIVE_CODES = new Set([
  'ARCHIVE_NOT_ALLOWED',
  'ARCHIVIST_ONLY',
  'BERKAS_NOT_FOUND',
  'BERKAS_NOT_OPEN',
  'BERKAS_EMPTY',
  'BERKAS_STATE_CONFLICT',
  'BERKAS_NOT_DUE',
  'CLASSIFICATION_NOT_FOUND',
  'INVALID_PERIOD',
  'LEGAL_HOLD',
  'LEGAL_HOLD_ACTIVE',
  'NO_LEGAL_HOLD',
  'LETTER_ALREADY_FILED',
  'LETTER_NOT_FINAL',
  'LETTER_NOT_FOUND',
  'NO_POSITION',
  'RETENTION_NOT_DUE',
  'TRIGGER_DATE_IN_FUTURE',
  'TRIGGER_DATE_NOT_APPLICABLE',
  'DISPOSAL_ROUTE_NOT_CONFIGURED',
  'DISPOSAL_NOT_BLOCKED',
  'NOT_THE_REGISTERING_UNIT',
  'LETTER_TEXT_NOT_READY',
]);

/** An archive error in words: the section's text for its code, else the app's general words. */
export function archiveError(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && ARCHIVE_CODES.has(err.code)) return t(`archive.errors.${err.code}`);
  return errorMessage(t, err);
}

/** Who keeps berkas: every unit's archivist, and TU for their units. */
export const ARCHIVE_ROLES = ['archivist', 'registrar'];
