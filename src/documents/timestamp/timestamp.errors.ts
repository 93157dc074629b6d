import { HttpStatus } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';

/** Stable codes of RFC 3161 timestamping: our client of an authority, and our own authority's endpoint. */
export enum TimestampErrorCode {
  /** The authority did not answer within TSA_TIMEOUT_MS, refused the connection or failed (5xx). */
  TSA_UNAVAILABLE = 'TSA_UNAVAILABLE',
  /** The authority answered with a rejection (PKIStatus 2). */
  TSA_REJECTED = 'TSA_REJECTED',
  /** The answer is not a usable token: unreadable, wrong nonce or imprint, bad signature. */
  TSA_BAD_RESPONSE = 'TSA_BAD_RESPONSE',
  /** POST /pki/tsa takes application/timestamp-query only. */
  TIMESTAMP_QUERY_MEDIA_TYPE = 'TIMESTAMP_QUERY_MEDIA_TYPE',
  TIMESTAMP_QUERY_TOO_LARGE = 'TIMESTAMP_QUERY_TOO_LARGE',
}

/**
 * An unreachable authority is the deployment's state (503, retry later); an authority that
 * answers wrongly is a failed dependency (424), like the BSrE gateway.
 */
const STATUS: Record<TimestampErrorCode, HttpStatus> = {
  TSA_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  TSA_REJECTED: HttpStatus.FAILED_DEPENDENCY,
  TSA_BAD_RESPONSE: HttpStatus.FAILED_DEPENDENCY,
  TIMESTAMP_QUERY_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  TIMESTAMP_QUERY_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
};

export class TimestampError extends AppError {
  constructor(
    override readonly code: TimestampErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(code, message, STATUS[code], details);
  }
}
