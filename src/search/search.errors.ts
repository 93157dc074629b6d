import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';

/** Codes of the search module; the query parser reports the first five, the API the rest. */
export enum SearchErrorCode {
  /** `q` is missing, blank, or only punctuation. */
  SEARCH_QUERY_EMPTY = 'SEARCH_QUERY_EMPTY',
  /** Every word of `q` is a stop word (dan, yang, di ...), which the index does not hold. */
  SEARCH_QUERY_ONLY_STOP_WORDS = 'SEARCH_QUERY_ONLY_STOP_WORDS',
  /** `q` says only what to leave out (`-word`), or an OR with a negated side: it would match nearly every letter. */
  SEARCH_QUERY_ONLY_NEGATIONS = 'SEARCH_QUERY_ONLY_NEGATIONS',
  /** `q` is longer than {@link SEARCH_QUERY_MAX_LENGTH} characters. */
  SEARCH_QUERY_TOO_LONG = 'SEARCH_QUERY_TOO_LONG',
  /** `q` holds more than {@link SEARCH_QUERY_MAX_TERMS} words, phrases and numbers. */
  SEARCH_QUERY_TOO_COMPLEX = 'SEARCH_QUERY_TOO_COMPLEX',
  /** A filter of the search request is not valid. */
  SEARCH_FILTER_INVALID = 'SEARCH_FILTER_INVALID',
}

export const SEARCH_QUERY_MAX_LENGTH = 500;
export const SEARCH_QUERY_MAX_TERMS = 32;

export class SearchError extends AppError {
  static badQuery(code: SearchErrorCode, message: string, details?: unknown): SearchError {
    return new SearchError(code, message, HttpStatus.BAD_REQUEST, details);
  }
}
