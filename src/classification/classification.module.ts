import { Module } from '@nestjs/common';
import { ClassificationCodes } from './classification-codes';
import { ClassificationController } from './classification.controller';

/** Kode klasifikasi arsip (config/classification.yaml): served for pickers, checked on letters. */
@Module({
  controllers: [ClassificationController],
  providers: [ClassificationCodes],
  exports: [ClassificationCodes],
})
export class ClassificationModule {}
