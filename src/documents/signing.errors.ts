import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';

/** Codes of the signing and verification API (the library's own codes are in documents.errors.ts). */
export enum SigningErrorCode {
  SIGNING_PASSPHRASE_REQUIRED = 'SIGNING_PASSPHRASE_REQUIRED',
  SIGNING_CERTIFICATE_NOT_FOUND = 'SIGNING_CERTIFICATE_NOT_FOUND',
  /** The signer's certificate was revoked (an administrator, from a date): no signature after it. */
  SIGNING_CERTIFICATE_REVOKED = 'SIGNING_CERTIFICATE_REVOKED',
  SIGNING_NOT_ALLOWED = 'SIGNING_NOT_ALLOWED',
  SIGNER_LOCKED = 'SIGNER_LOCKED',
  NOTHING_TO_SIGN = 'NOTHING_TO_SIGN',
  DOCUMENT_NOT_FOUND = 'DOCUMENT_NOT_FOUND',
  VERIFICATION_CODE_NOT_FOUND = 'VERIFICATION_CODE_NOT_FOUND',
  FILE_REQUIRED = 'FILE_REQUIRED',
}

const STATUS: Record<SigningErrorCode, HttpStatus> = {
  SIGNING_PASSPHRASE_REQUIRED: HttpStatus.BAD_REQUEST,
  SIGNING_CERTIFICATE_NOT_FOUND: HttpStatus.UNPROCESSABLE_ENTITY,
  SIGNING_CERTIFICATE_REVOKED: HttpStatus.CONFLICT,
  SIGNING_NOT_ALLOWED: HttpStatus.FORBIDDEN,
  SIGNER_LOCKED: HttpStatus.LOCKED,
  NOTHING_TO_SIGN: HttpStatus.UNPROCESSABLE_ENTITY,
  DOCUMENT_NOT_FOUND: HttpStatus.NOT_FOUND,
  VERIFICATION_CODE_NOT_FOUND: HttpStatus.NOT_FOUND,
  FILE_REQUIRED: HttpStatus.BAD_REQUEST,
};

export class SigningError extends AppError {
  constructor(
    override readonly code: SigningErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(code, message, STATUS[code], details);
  }
}
