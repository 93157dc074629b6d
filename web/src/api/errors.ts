import type { TFunction } from 'i18next';
import { ApiError } from './client';

/** The words for an error: the locale's text for its code, else a general message (never the server's English). */
export function errorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    const seconds = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    return t(`errors.${err.code}`, { defaultValue: t('errors.UNKNOWN'), seconds: seconds ?? 60 });
  }
  return t('errors.UNKNOWN');
}
