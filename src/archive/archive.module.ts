import { Module } from '@nestjs/common';
import { ClassificationModule } from '../classification/classification.module';
import { BerkasController } from './berkas/berkas.controller';
import { BerkasService } from './berkas/berkas.service';
import { DaftarArsipController } from './daftar/daftar-arsip.controller';
import { DaftarArsipService } from './daftar/daftar-arsip.service';
import { JraController } from './jra/jra.controller';
import { LegalHoldService } from './retention/legal-hold.service';
import { RetentionController } from './retention/retention.controller';
import { RetentionService } from './retention/retention.service';

/**
 * The archive: the JRA (retention per classification code), berkas and their letters, the
 * daily retention job with its due lists, legal holds, and the Daftar Arsip Aktif / Inaktif. Disposal builds on BerkasService
 * and assertNoLegalHold (retention/legal-hold.ts).
 */
@Module({
  imports: [ClassificationModule],
  controllers: [JraController, BerkasController, RetentionController, DaftarArsipController],
  providers: [BerkasService, LegalHoldService, RetentionService, DaftarArsipService],
  exports: [BerkasService, LegalHoldService, RetentionService],
})
export class ArchiveModule {}
