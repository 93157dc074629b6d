import { HttpStatus } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';

/** Stable codes of what disposal lists (usul musnah) and transfers (serah) refuse. */
export enum DisposalErrorCode {
  /** Drafting a disposal list, building or downloading a transfer is the arsiparis's act. */
  ARCHIVIST_ONLY = 'ARCHIVIST_ONLY',
  NO_POSITION = 'NO_POSITION',
  DISPOSAL_NOT_FOUND = 'DISPOSAL_NOT_FOUND',
  TRANSFER_NOT_FOUND = 'TRANSFER_NOT_FOUND',
  /** A berkas whose due date for musnah (or serah) has not passed, or whose final disposition is not Musnah (Permanen). */
  BERKAS_NOT_DUE = 'BERKAS_NOT_DUE',
  /** The same berkas twice in one request. */
  DUPLICATE_BERKAS = 'DUPLICATE_BERKAS',
  /** DISPOSAL_PANEL_POSITIONS or DISPOSAL_SIGNER_POSITION names a position that does not exist or has no holder able to sign. */
  DISPOSAL_ROUTE_NOT_CONFIGURED = 'DISPOSAL_ROUTE_NOT_CONFIGURED',
  /** Only a signed list that a legal hold stopped may be resumed. */
  DISPOSAL_NOT_BLOCKED = 'DISPOSAL_NOT_BLOCKED',
}

const STATUS: Record<DisposalErrorCode, HttpStatus> = {
  ARCHIVIST_ONLY: HttpStatus.FORBIDDEN,
  NO_POSITION: HttpStatus.UNPROCESSABLE_ENTITY,
  DISPOSAL_NOT_FOUND: HttpStatus.NOT_FOUND,
  TRANSFER_NOT_FOUND: HttpStatus.NOT_FOUND,
  BERKAS_NOT_DUE: HttpStatus.UNPROCESSABLE_ENTITY,
  DUPLICATE_BERKAS: HttpStatus.BAD_REQUEST,
  DISPOSAL_ROUTE_NOT_CONFIGURED: HttpStatus.UNPROCESSABLE_ENTITY,
  DISPOSAL_NOT_BLOCKED: HttpStatus.CONFLICT,
};

export class DisposalError extends AppError {
  constructor(code: DisposalErrorCode, message: string, details?: unknown) {
    super(code, message, STATUS[code], details);
  }
}
