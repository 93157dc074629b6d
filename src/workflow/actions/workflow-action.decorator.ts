import { SetMetadata } from '@nestjs/common';
import type { WorkflowActionName } from '../definition/workflow-actions.registry';

export const WORKFLOW_ACTION_KEY = 'esurat:workflow-action';

/** Marks a service method as the handler of a workflow action name. */
export const WorkflowActionHandler = (name: WorkflowActionName) => SetMetadata(WORKFLOW_ACTION_KEY, name);

export const WORKFLOW_ACTION_NEEDED_KEY = 'esurat:workflow-action-needed';

/**
 * Marks a method `(letter, manager) => Promise<boolean>` that tells, while a transition is
 * written, whether an after-commit action has anything to do for the letter as the transition
 * leaves it. When it answers false the action is not queued: a job that would find nothing to
 * do costs the relay, Redis and a worker transaction. The handler must still check for itself
 * when it runs. At most one per action; actions without one are always queued.
 */
export const WorkflowActionNeeded = (name: WorkflowActionName) => SetMetadata(WORKFLOW_ACTION_NEEDED_KEY, name);
