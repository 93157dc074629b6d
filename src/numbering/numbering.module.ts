import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LetterNumberEntity } from '../records/letter-number.entity';
import { NumberCounterEntity } from '../records/number-counter.entity';
import { NumberFormatEntity } from '../records/number-format.entity';
import { NumberFormatsService } from './number-formats.service';
import { NumberingAdminController } from './numbering-admin.controller';
import { NumberingActions } from './numbering.actions';
import { NumberingController } from './numbering.controller';
import { NumberingService } from './numbering.service';

/** Nomor surat: formats, counters, reservations (ambil nomor), and the assignNumber action's handler for jobs an earlier version queued. */
@Module({
  imports: [TypeOrmModule.forFeature([NumberFormatEntity, NumberCounterEntity, LetterNumberEntity])],
  controllers: [NumberingController, NumberingAdminController],
  providers: [NumberFormatsService, NumberingService, NumberingActions],
  exports: [NumberingService],
})
export class NumberingModule {}
