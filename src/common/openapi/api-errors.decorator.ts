import { HttpStatus } from '@nestjs/common';

export const API_ERRORS_KEY = 'esurat:openapi:errors';

/** One `@ApiErrors(status, ...codes)`: the codes a route answers with that status. */
export interface ApiErrorsEntry {
  status: number;
  codes: string[];
}

/**
 * Documents the error answers specific to an operation (or, on a controller, to all of its
 * operations): each status with the stable codes it can carry. Stack one per status:
 *
 *     @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
 *     @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, WorkflowErrorCode.TRANSITION_NOT_ALLOWED, WorkflowErrorCode.GUARD_REFUSED)
 *
 * The document answers each status with the shared `ErrorEnvelope` schema whose `code` is an
 * enum of exactly the codes given (merged with the derived ones: 401/403 of the auth guard, 400
 * VALIDATION_FAILED of the validation pipe, 413/415 of the body parsers). List only codes the
 * route's code really throws; the lint test checks that every code is one of the error enums.
 */
export function ApiErrors(status: HttpStatus | number, ...codes: string[]): MethodDecorator & ClassDecorator {
  if (status < 400 || status > 599 || !Number.isInteger(status)) throw new Error(`@ApiErrors: ${status} is not an error status`);
  if (codes.length === 0) throw new Error(`@ApiErrors(${status}): name at least one code`);
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = descriptor ? (descriptor.value as object) : target;
    const entries: ApiErrorsEntry[] = Reflect.getOwnMetadata(API_ERRORS_KEY, holder) ?? [];
    Reflect.defineMetadata(API_ERRORS_KEY, [...entries, { status, codes }], holder);
  };
}

/** The `@ApiErrors` entries of a handler and its controller, the controller's first. */
export function apiErrorsOf(controller: Function, handler: Function): ApiErrorsEntry[] {
  return [...((Reflect.getOwnMetadata(API_ERRORS_KEY, controller) as ApiErrorsEntry[]) ?? []), ...((Reflect.getOwnMetadata(API_ERRORS_KEY, handler) as ApiErrorsEntry[]) ?? [])];
}
