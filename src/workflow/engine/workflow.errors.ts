import { HttpStatus } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';

export enum WorkflowErrorCode {
  /** The event exists but cannot be fired in the letter's current state. */
  TRANSITION_NOT_ALLOWED = 'TRANSITION_NOT_ALLOWED',
  /** The workflow has no event of that name. */
  UNKNOWN_EVENT = 'UNKNOWN_EVENT',
  /** The actor is not among those the event's `by` names. */
  ACTOR_NOT_ALLOWED = 'ACTOR_NOT_ALLOWED',
  GUARD_REFUSED = 'GUARD_REFUSED',
  /** The event requires a note (catatan) and none was given. */
  NOTE_REQUIRED = 'NOTE_REQUIRED',
  /** The target is a route state whose route has no steps. */
  ROUTE_EMPTY = 'ROUTE_EMPTY',
  /** A route plan is malformed (empty step, n out of range, too many steps...). */
  ROUTE_INVALID = 'ROUTE_INVALID',
  /** Routes can only be changed in states marked `editRoutes`. */
  ROUTE_NOT_EDITABLE = 'ROUTE_NOT_EDITABLE',
  /** A workflow plugin refused the transition, with its reason. */
  PLUGIN_REFUSED = 'PLUGIN_REFUSED',
  /** The snapshot was started on another definition than the one passed in: a server bug. */
  DEFINITION_MISMATCH = 'DEFINITION_MISMATCH',
  /** A workflow file (or stored definition) is invalid: refused at start-up. */
  DEFINITION_INVALID = 'DEFINITION_INVALID',
  /** No workflow file of that key is loaded (admin diagrams). */
  WORKFLOW_NOT_FOUND = 'WORKFLOW_NOT_FOUND',
}

const STATUS: Record<WorkflowErrorCode, HttpStatus> = {
  [WorkflowErrorCode.TRANSITION_NOT_ALLOWED]: HttpStatus.UNPROCESSABLE_ENTITY,
  [WorkflowErrorCode.UNKNOWN_EVENT]: HttpStatus.UNPROCESSABLE_ENTITY,
  [WorkflowErrorCode.ACTOR_NOT_ALLOWED]: HttpStatus.FORBIDDEN,
  [WorkflowErrorCode.GUARD_REFUSED]: HttpStatus.UNPROCESSABLE_ENTITY,
  [WorkflowErrorCode.NOTE_REQUIRED]: HttpStatus.UNPROCESSABLE_ENTITY,
  [WorkflowErrorCode.ROUTE_EMPTY]: HttpStatus.UNPROCESSABLE_ENTITY,
  [WorkflowErrorCode.ROUTE_INVALID]: HttpStatus.UNPROCESSABLE_ENTITY,
  [WorkflowErrorCode.ROUTE_NOT_EDITABLE]: HttpStatus.UNPROCESSABLE_ENTITY,
  [WorkflowErrorCode.PLUGIN_REFUSED]: HttpStatus.UNPROCESSABLE_ENTITY,
  [WorkflowErrorCode.DEFINITION_MISMATCH]: HttpStatus.INTERNAL_SERVER_ERROR,
  [WorkflowErrorCode.DEFINITION_INVALID]: HttpStatus.INTERNAL_SERVER_ERROR,
  [WorkflowErrorCode.WORKFLOW_NOT_FOUND]: HttpStatus.NOT_FOUND,
};

/** What the pure interpreter returns instead of throwing when it refuses. */
export interface TransitionRefusal {
  ok: false;
  code: WorkflowErrorCode;
  reason: string;
  /** The ids behind the reason, for the caller (the reason names people and positions by id). */
  details?: Record<string, unknown>;
}

export function refuse(code: WorkflowErrorCode, reason: string, details?: Record<string, unknown>): TransitionRefusal {
  return details ? { ok: false, code, reason, details } : { ok: false, code, reason };
}

export class WorkflowError extends AppError {
  constructor(code: WorkflowErrorCode, message: string, details?: unknown) {
    super(code, message, STATUS[code], details);
  }

  /** For the service layer: `if (!result.ok) throw WorkflowError.fromRefusal(result)`. */
  static fromRefusal(refusal: TransitionRefusal, message = refusal.reason): WorkflowError {
    return new WorkflowError(refusal.code, message, refusal.details);
  }
}

/** Thrown by the loader; the message lists every problem as `<file>: <reason>`, one per line. */
export class WorkflowDefinitionError extends WorkflowError {
  constructor(readonly problems: readonly string[]) {
    super(
      WorkflowErrorCode.DEFINITION_INVALID,
      `Invalid workflow definitions:\n${problems.map((problem) => `  ${problem}`).join('\n')}`,
      { problems },
    );
  }
}
