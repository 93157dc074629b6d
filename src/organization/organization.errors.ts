import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';

export enum OrganizationErrorCode {
  UNIT_NOT_FOUND = 'UNIT_NOT_FOUND',
  POSITION_NOT_FOUND = 'POSITION_NOT_FOUND',
  PERSON_NOT_FOUND = 'PERSON_NOT_FOUND',
  DELEGATION_NOT_FOUND = 'DELEGATION_NOT_FOUND',
  HIERARCHY_CYCLE = 'HIERARCHY_CYCLE',
  DUPLICATE_CODE = 'DUPLICATE_CODE',
  DUPLICATE_USERNAME = 'DUPLICATE_USERNAME',
  DUPLICATE_NIP = 'DUPLICATE_NIP',
  ALREADY_HOLDS_POSITION = 'ALREADY_HOLDS_POSITION',
  NOT_HOLDING_POSITION = 'NOT_HOLDING_POSITION',
  DELEGATION_INVALID = 'DELEGATION_INVALID',
  DELEGATION_OVERLAP = 'DELEGATION_OVERLAP',
  SELF_APPOINTMENT = 'SELF_APPOINTMENT',
  UNIT_LOGO_INVALID = 'UNIT_LOGO_INVALID',
  UNIT_LOGO_NOT_FOUND = 'UNIT_LOGO_NOT_FOUND',
}

const NOT_FOUND = {
  Unit: OrganizationErrorCode.UNIT_NOT_FOUND,
  Position: OrganizationErrorCode.POSITION_NOT_FOUND,
  Person: OrganizationErrorCode.PERSON_NOT_FOUND,
  Delegation: OrganizationErrorCode.DELEGATION_NOT_FOUND,
} as const;

export class OrganizationError extends AppError {
  static notFound(what: keyof typeof NOT_FOUND, id: string): OrganizationError {
    return new OrganizationError(NOT_FOUND[what], `${what} ${id} not found`, HttpStatus.NOT_FOUND, { id });
  }

  /** A referenced record in the body (parentId, unitId...) does not exist. */
  static missingReference(what: Exclude<keyof typeof NOT_FOUND, 'Delegation'>, id: string): OrganizationError {
    return new OrganizationError(NOT_FOUND[what], `${what} ${id} not found`, HttpStatus.UNPROCESSABLE_ENTITY, { id });
  }

  static unprocessable(code: OrganizationErrorCode, message: string, details?: unknown): OrganizationError {
    return new OrganizationError(code, message, HttpStatus.UNPROCESSABLE_ENTITY, details);
  }

  static forbidden(code: OrganizationErrorCode, message: string, details?: unknown): OrganizationError {
    return new OrganizationError(code, message, HttpStatus.FORBIDDEN, details);
  }

  static conflict(code: OrganizationErrorCode, message: string, details?: unknown): OrganizationError {
    return new OrganizationError(code, message, HttpStatus.CONFLICT, details);
  }
}
