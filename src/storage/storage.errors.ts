import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';

export enum StorageErrorCode {
  OBJECT_NOT_FOUND = 'OBJECT_NOT_FOUND',
  OBJECT_TOO_LARGE = 'OBJECT_TOO_LARGE',
  PRESIGNED_URL_INVALID = 'PRESIGNED_URL_INVALID',
  PRESIGNED_URL_EXPIRED = 'PRESIGNED_URL_EXPIRED',
  STORAGE_UNAVAILABLE = 'STORAGE_UNAVAILABLE',
}

export class StorageError extends AppError {
  static notFound(ref: string): StorageError {
    return new StorageError(StorageErrorCode.OBJECT_NOT_FOUND, `Stored object ${ref} not found`, HttpStatus.NOT_FOUND, { ref });
  }

  static tooLarge(maxBytes: number): StorageError {
    return new StorageError(
      StorageErrorCode.OBJECT_TOO_LARGE,
      `The file is larger than the limit of ${maxBytes} bytes`,
      HttpStatus.PAYLOAD_TOO_LARGE,
      { maxBytes },
    );
  }

  static urlInvalid(): StorageError {
    return new StorageError(StorageErrorCode.PRESIGNED_URL_INVALID, 'The download link is not valid', HttpStatus.FORBIDDEN);
  }

  static urlExpired(): StorageError {
    return new StorageError(StorageErrorCode.PRESIGNED_URL_EXPIRED, 'The download link has expired', HttpStatus.FORBIDDEN);
  }

  /** The backend itself is down or refuses every operation (not a missing object, not a bug). */
  static unavailable(driver: string, reason: string): StorageError {
    return new StorageError(
      StorageErrorCode.STORAGE_UNAVAILABLE,
      `Storage (${driver}) is unavailable: ${reason}`,
      HttpStatus.SERVICE_UNAVAILABLE,
      { driver },
    );
  }
}
