import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';

export enum NotificationErrorCode {
  NOTIFICATION_NOT_FOUND = 'NOTIFICATION_NOT_FOUND',
}

export class NotificationError extends AppError {
  /** Also for a notice of someone else: for the caller it does not exist. */
  static notFound(id: string): NotificationError {
    return new NotificationError(NotificationErrorCode.NOTIFICATION_NOT_FOUND, `Notification ${id} not found`, HttpStatus.NOT_FOUND);
  }
}
