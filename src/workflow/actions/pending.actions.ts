import { Injectable } from '@nestjs/common';
import { WorkflowActionHandler } from './workflow-action.decorator';

// TEMPORARY during development: replaced by the numbering, documents and webhook modules.
@Injectable()
export class PendingActions {
  @WorkflowActionHandler('renderDocument')
  async renderDocument(): Promise<void> {}

  @WorkflowActionHandler('emitWebhook')
  async emitWebhook(): Promise<void> {}
}
