import { Module } from '@nestjs/common';
import { ClassificationModule } from '../classification/classification.module';
import { BerkasController } from './berkas/berkas.controller';
import { BerkasService } from './berkas/berkas.service';
import { JraController } from './jra/jra.controller';
import { LegalHoldService } from './retention/legal-hold.service';
import { RetentionController } from './retention/retention.controller';
import { RetentionService } from './retention/retention.service';

/**
 * The archive: the JRA (retention per classification code), berkas and their letters, the
 * daily retention job with its due lists, and legal holds. Disposal builds on BerkasService
 * and assertNoLegalHold (retention/legal-hold.ts).
 */
@Module({
  imports: [ClassificationModule],
  controllers: [JraController, BerkasController, RetentionController],
  providers: [BerkasService, LegalHoldService, RetentionService],
  exports: [BerkasService, LegalHoldService, RetentionService],
})
export class ArchiveModule {}
