import { Module } from '@nestjs/common';
import { ArchiveModule } from '../archive.module';
import { TransferController } from '../transfer/transfer.controller';
import { TransferService } from '../transfer/transfer.service';
import { DisposalController } from './disposal.controller';
import { DisposalExecutor } from './disposal-executor.service';
import { DisposalPlugin } from './disposal.plugin';
import { DisposalService } from './disposal.service';

/**
 * Disposal lists (usul musnah: a letter of its own workflow whose document is the Berita Acara
 * Pemusnahan, then the destruction of the contents) and transfers (serah) of permanent berkas.
 */
@Module({
  imports: [ArchiveModule],
  controllers: [DisposalController, TransferController],
  providers: [DisposalService, DisposalPlugin, DisposalExecutor, TransferService],
})
export class DisposalModule {}
