import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AppConfig } from '../../config/app-config';
import { DispositionDeadlines } from './disposition-deadlines.service';
import { DispositionInstructions } from './disposition-instructions';
import { DispositionsController } from './dispositions.controller';
import { DispositionsService } from './dispositions.service';
import { LetterGrantsService } from './letter-grants.service';

/** Disposisi on incoming letters, and explicit access grants to letters. Its overdue sweep is in queue/jobs.ts's JOB_SCHEDULES. */
@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ storage: memoryStorage(), limits: { fileSize: config.UPLOAD_LIMIT_BYTES, files: 1, fields: 5 } }),
    }),
  ],
  controllers: [DispositionsController],
  providers: [DispositionsService, LetterGrantsService, DispositionInstructions, DispositionDeadlines],
})
export class DispositionsModule {}
