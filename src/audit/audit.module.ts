import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { AuditCheckpointScheduler, AuditCheckpointService } from './audit-checkpoint.service';
import { AuditContextMiddleware } from './audit-context';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The tamper-evident audit trail: appends (for every module), the auditor's API, signed checkpoints. */
@Global()
@Module({})
export class AuditModule implements NestModule {
  /** The periodic checkpoint is scheduled only where the queue workers run. */
  static forRoot(options: { workers: boolean }): DynamicModule {
    return {
      module: AuditModule,
      imports: [DocumentsModule],
      controllers: [AuditController],
      providers: [AuditService, AuditCheckpointService, ...(options.workers ? [AuditCheckpointScheduler] : [])],
      exports: [AuditService],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuditContextMiddleware).forRoutes('{*path}');
  }
}
