import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditContextMiddleware } from './audit-context';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The tamper-evident audit trail: appends (for every module), the auditor's API, signed checkpoints. */
@Global()
@Module({})
export class AuditModule implements NestModule {
  /** The periodic checkpoint is scheduled with the other periodic jobs (JOB_SCHEDULES). */
  static forRoot(): DynamicModule {
    return {
      module: AuditModule,
      imports: [DocumentsModule],
      controllers: [AuditController],
      providers: [AuditService, AuditCheckpointService],
      exports: [AuditService],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuditContextMiddleware).forRoutes('{*path}');
  }
}
