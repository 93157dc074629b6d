import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';

/** Stable codes of what the notifications and their settings refuse. */
export enum NotificationErrorCode {
  /** A notice that does not exist, or is someone else's: for the caller it does not exist. */
  NOTIFICATION_NOT_FOUND = 'NOTIFICATION_NOT_FOUND',
  /** E-mail chosen for a kind, but the person has no e-mail address (an administrator sets it). */
  EMAIL_ADDRESS_MISSING = 'EMAIL_ADDRESS_MISSING',
  /** WhatsApp chosen for a kind, but no WhatsApp number is given. */
  PHONE_NUMBER_MISSING = 'PHONE_NUMBER_MISSING',
  /** A channel chosen that this deployment does not offer (SMTP off, no WhatsApp gateway). */
  CHANNEL_NOT_AVAILABLE = 'CHANNEL_NOT_AVAILABLE',
}

const STATUS: Record<NotificationErrorCode, HttpStatus> = {
  NOTIFICATION_NOT_FOUND: HttpStatus.NOT_FOUND,
  EMAIL_ADDRESS_MISSING: HttpStatus.UNPROCESSABLE_ENTITY,
  PHONE_NUMBER_MISSING: HttpStatus.UNPROCESSABLE_ENTITY,
  CHANNEL_NOT_AVAILABLE: HttpStatus.UNPROCESSABLE_ENTITY,
};

export class NotificationError extends AppError {
  constructor(
    override readonly code: NotificationErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(code, message, STATUS[code], details);
  }

  /** Also for a notice of someone else: for the caller it does not exist. */
  static notFound(id: string): NotificationError {
    return new NotificationError(NotificationErrorCode.NOTIFICATION_NOT_FOUND, `Notification ${id} not found`);
  }
}
