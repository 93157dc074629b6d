import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { AppConfig } from '../config/app-config';
import { ApprovalsController } from './approvals/approvals.controller';
import { ApprovalWebhookWriter } from './approvals/approval-statement-parts';
import { ApprovalsService } from './approvals/approvals.service';
import { IdempotencyService } from './idempotency/idempotency.service';
import { ModuleClientsController } from './module-clients/module-clients.controller';
import { ModuleClientEntity } from '../records/module-client.entity';
import { WebhookSweeper } from './webhooks/webhook-sweeper.service';
import { WebhooksAdminController } from './webhooks/webhooks-admin.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksService } from './webhooks/webhooks.service';

/**
 * The API for other SIM modules: approvals, idempotency, webhooks and their dead letters; and the
 * administrator's register of those modules (their callback URLs, webhook secrets and API keys).
 */
@Module({})
export class IntegrationsModule {
  /** The sweep of lost webhook jobs runs only where the queue workers run. */
  static forRoot(options: { workers: boolean }): DynamicModule {
    return {
      module: IntegrationsModule,
      imports: [
        AuthModule,
        TypeOrmModule.forFeature([ModuleClientEntity]),
      ],
      controllers: [ApprovalsController, WebhooksController, WebhooksAdminController, ModuleClientsController],
      providers: [ApprovalsService, ApprovalWebhookWriter, IdempotencyService, WebhooksService, ...(options.workers ? [WebhookSweeper] : [])],
    };
  }
}
