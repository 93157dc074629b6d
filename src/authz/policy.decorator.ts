import { SetMetadata } from '@nestjs/common';
import type { Action, SubjectName } from './ability.factory';

export const POLICY_KEY = 'esurat:policy';

export interface Policy {
  action: Action;
  subject: SubjectName;
}

/** The coarse check of a route: the caller may do `action` on some `subject`. */
export const Can = (action: Action, subject: SubjectName) => SetMetadata(POLICY_KEY, { action, subject } satisfies Policy);
