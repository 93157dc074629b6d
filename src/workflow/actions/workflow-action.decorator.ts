import { SetMetadata } from '@nestjs/common';
import type { WorkflowActionName } from '../definition/workflow-actions.registry';

export const WORKFLOW_ACTION_KEY = 'esurat:workflow-action';

/** Marks a service method as the handler of a workflow action name. */
export const WorkflowActionHandler = (name: WorkflowActionName) => SetMetadata(WORKFLOW_ACTION_KEY, name);
