import { Module } from '@nestjs/common';
import { JraSchedule } from './jra/jra-schedule';
import { ClassificationCodes } from './classification-codes';
import { ClassificationController } from './classification.controller';

/**
 * Kode klasifikasi arsip (config/classification.yaml): served for pickers, checked on letters;
 * with the JRA (config/jra.yaml) checked against it, so both refuse to start together.
 */
@Module({
  controllers: [ClassificationController],
  providers: [ClassificationCodes, JraSchedule],
  exports: [ClassificationCodes, JraSchedule],
})
export class ClassificationModule {}
