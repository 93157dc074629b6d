import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';

export enum IntegrationErrorCode {
  APPROVAL_NOT_FOUND = 'APPROVAL_NOT_FOUND',
  WORKFLOW_NOT_USABLE = 'WORKFLOW_NOT_USABLE',
  CALLBACK_URL_NOT_REGISTERED = 'CALLBACK_URL_NOT_REGISTERED',
  CALLBACK_URL_REFUSED = 'CALLBACK_URL_REFUSED',
  WEBHOOK_SECRET_MISSING = 'WEBHOOK_SECRET_MISSING',
  METADATA_TOO_LARGE = 'METADATA_TOO_LARGE',
  POSITION_NOT_FOUND = 'POSITION_NOT_FOUND',
  SIGNER_NOT_ALLOWED = 'SIGNER_NOT_ALLOWED',
  SIGNER_REQUIRED = 'SIGNER_REQUIRED',
  PDF_TWICE = 'PDF_TWICE',
  IDEMPOTENCY_KEY_INVALID = 'IDEMPOTENCY_KEY_INVALID',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  DOCUMENT_NOT_FOUND = 'DOCUMENT_NOT_FOUND',
  WEBHOOK_EVENT_NOT_FOUND = 'WEBHOOK_EVENT_NOT_FOUND',
  WEBHOOK_EVENT_NOT_DEAD = 'WEBHOOK_EVENT_NOT_DEAD',
}

/** Everything the integration API (approvals, webhooks) refuses on purpose. */
export class IntegrationError extends AppError {
  static approvalNotFound(id: string): IntegrationError {
    // Another module's approval answers the same as a missing one.
    return new IntegrationError(IntegrationErrorCode.APPROVAL_NOT_FOUND, `Approval ${id} not found`, HttpStatus.NOT_FOUND);
  }

  static unprocessable(code: IntegrationErrorCode, message: string, details?: unknown): IntegrationError {
    return new IntegrationError(code, message, HttpStatus.UNPROCESSABLE_ENTITY, details);
  }

  static idempotencyKeyReused(key: string): IntegrationError {
    return new IntegrationError(
      IntegrationErrorCode.IDEMPOTENCY_KEY_REUSED,
      'This Idempotency-Key was used with a different request body',
      HttpStatus.UNPROCESSABLE_ENTITY,
      { idempotencyKey: key },
    );
  }
}
