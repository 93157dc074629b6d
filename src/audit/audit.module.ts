import { DynamicModule, Global, Module, ModuleMetadata, Type } from '@nestjs/common';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { CHECKPOINT_SIGNER, CheckpointSigner } from './checkpoint-signer';

/** The tamper-evident audit trail: appends (for every module), the auditor's API, signed checkpoints. */
@Global()
@Module({})
export class AuditModule {
  /**
   * The periodic checkpoint is scheduled with the other periodic jobs (JOB_SCHEDULES). Its key
   * comes from a room above audit: `signer` names the provider that holds it and the modules
   * that export that provider.
   */
  static forRoot(signer: { imports: NonNullable<ModuleMetadata['imports']>; useExisting: Type<CheckpointSigner> }): DynamicModule {
    return {
      module: AuditModule,
      imports: signer.imports,
      controllers: [AuditController],
      providers: [AuditService, AuditCheckpointService, { provide: CHECKPOINT_SIGNER, useExisting: signer.useExisting }],
      exports: [AuditService],
    };
  }
}
