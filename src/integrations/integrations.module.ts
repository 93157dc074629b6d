import { DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AppConfig } from '../config/app-config';
import { ApprovalsController } from './approvals/approvals.controller';
import { ApprovalWebhookWriter } from './approvals/approval-statement-parts';
import { ApprovalsService } from './approvals/approvals.service';
import { IdempotencyService } from './idempotency/idempotency.service';
import { WebhookSweeper } from './webhooks/webhook-sweeper.service';
import { WebhooksAdminController } from './webhooks/webhooks-admin.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksService } from './webhooks/webhooks.service';

/** The API for other SIM modules: approvals, idempotency, webhooks and their dead letters. */
@Module({})
export class IntegrationsModule {
  /** The sweep of lost webhook jobs runs only where the queue workers run. */
  static forRoot(options: { workers: boolean }): DynamicModule {
    return {
      module: IntegrationsModule,
      imports: [
        // A PDF to sign is checked in memory before it is stored; one file, within UPLOAD_LIMIT_BYTES.
        MulterModule.registerAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({ storage: memoryStorage(), limits: { fileSize: config.UPLOAD_LIMIT_BYTES, files: 1, fields: 5, fieldSize: config.BODY_LIMIT_BYTES } }),
        }),
      ],
      controllers: [ApprovalsController, WebhooksController, WebhooksAdminController],
      providers: [ApprovalsService, ApprovalWebhookWriter, IdempotencyService, WebhooksService, ...(options.workers ? [WebhookSweeper] : [])],
    };
  }
}
