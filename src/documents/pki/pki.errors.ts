import { HttpStatus } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';

/** Codes of the PKI API: /pki/* and the administrator's revocation of signing certificates. */
export enum PkiErrorCode {
  SIGNING_CERTIFICATE_NOT_FOUND = 'SIGNING_CERTIFICATE_NOT_FOUND',
  CERTIFICATE_ALREADY_REVOKED = 'CERTIFICATE_ALREADY_REVOKED',
  REVOCATION_DATE_INVALID = 'REVOCATION_DATE_INVALID',
  OCSP_REQUEST_INVALID = 'OCSP_REQUEST_INVALID',
  OCSP_REQUEST_TOO_LARGE = 'OCSP_REQUEST_TOO_LARGE',
}

const STATUS: Record<PkiErrorCode, HttpStatus> = {
  SIGNING_CERTIFICATE_NOT_FOUND: HttpStatus.NOT_FOUND,
  CERTIFICATE_ALREADY_REVOKED: HttpStatus.CONFLICT,
  REVOCATION_DATE_INVALID: HttpStatus.UNPROCESSABLE_ENTITY,
  OCSP_REQUEST_INVALID: HttpStatus.BAD_REQUEST,
  OCSP_REQUEST_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
};

export class PkiError extends AppError {
  constructor(
    override readonly code: PkiErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(code, message, STATUS[code], details);
  }
}
