import { WebUiModule } from './web/web-ui.module';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ArchiveModule } from './archive/archive.module';
import { OcrModule } from './archive/ocr/ocr.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AuthzModule } from './authz/authz.module';
import { ClassificationModule } from './classification/classification.module';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { AccessLogModule } from './common/logging/logger.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DatabaseModule } from './database/database.module';
import { ReadReplicaModule } from './database/read-replica.module';
import { SeedModule } from './seeds/seed.module';
import { DocumentsModule } from './documents/documents.module';
import { DeploymentCaService } from './documents/deployment-ca.service';
import { LetterAccessModule } from './letters/access/letter-access.module';
import { SearchModule } from './search/search.module';
import { HealthModule } from './health/health.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { AgendaModule } from './letters/agenda/agenda.module';
import { AttachmentsModule } from './letters/attachments/attachments.module';
import { DispatchModule } from './letters/dispatch/dispatch.module';
import { DispositionsModule } from './letters/dispositions/dispositions.module';
import { InboxModule } from './letters/inbox/inbox.module';
import { IncomingModule } from './letters/incoming/incoming.module';
import { LettersModule } from './letters/letters.module';
import { NumberingModule } from './numbering/numbering.module';
import { OrganizationModule } from './organization/organization.module';
import { QueueModule } from './queue/queue.module';
import { StorageModule } from './storage/storage.module';
import { WorkflowModule } from './workflow/workflow.module';
import { DisposalModule } from './archive/disposal/disposal.module';
import { PkiModule } from './documents/pki/pki.module';

export interface AppModuleOptions {
  /** Run the queue workers in this process. */
  workers: boolean;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        AccessLogModule,
        DatabaseModule,
        // The deployment CA signs the audit checkpoints.
        AuditModule.forRoot({ imports: [DocumentsModule], useExisting: DeploymentCaService }),
        QueueModule.forRoot({ workers: options.workers }),
        ReadReplicaModule.forRoot(config),
        StorageModule,
        AuthzModule,
        LetterAccessModule,
        AuthModule,
        OrganizationModule,
        HealthModule,
        WorkflowModule.forRoot({ workers: options.workers }),
        IntegrationsModule.forRoot({ workers: options.workers }),
        ClassificationModule,
        LettersModule,
        InboxModule,
        IncomingModule,
        DispositionsModule,
        AgendaModule,
        DashboardModule,
        AttachmentsModule,
        DispatchModule,
        OcrModule,
        NumberingModule,
        SearchModule,
        SeedModule,
        DocumentsModule,
        ArchiveModule,
        DisposalModule,
        PkiModule,
        WebUiModule.forRoot(config),
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
