import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DeliveryActions } from './actions/delivery.actions';
import { NotificationActions } from './actions/notification.actions';
import { WorkflowActionRunner } from './actions/workflow-action-runner.service';
import { DeadlineService } from './deadlines/deadline.service';
import { LetterWorkflowService } from './letter-workflow.service';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { OutboxService } from './outbox/outbox.service';
import { ClassificationRequiredPlugin } from './plugins/classification-required.plugin';
import { WorkflowAdminController } from './workflow-admin.controller';
import { WorkflowRegistry } from './workflow-registry.service';

@Module({})
export class WorkflowModule {
  /** The relay runs only where the queue workers run. */
  static forRoot(options: { workers: boolean }): DynamicModule {
    return {
      module: WorkflowModule,
      global: true,
      imports: [DiscoveryModule],
      controllers: [WorkflowAdminController],
      providers: [
        WorkflowRegistry,
        LetterWorkflowService,
        OutboxService,
        WorkflowActionRunner,
        NotificationActions,
        DeliveryActions,
        DeadlineService,
        ClassificationRequiredPlugin,
        ...(options.workers ? [OutboxRelay] : []),
      ],
      exports: [WorkflowRegistry, LetterWorkflowService, OutboxService, DeadlineService],
    };
  }
}
