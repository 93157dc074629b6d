import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { DispositionDeadlines } from './disposition-deadlines.service';
import { DispositionInstructions } from './disposition-instructions';
import { DispositionsController } from './dispositions.controller';
import { DispositionsService } from './dispositions.service';
import { LetterGrantsService } from './letter-grants.service';

/** Disposisi on incoming letters, and explicit access grants to letters. Its overdue sweep is in queue/jobs.ts's JOB_SCHEDULES. */
@Module({
  imports: [
  ],
  controllers: [DispositionsController],
  providers: [DispositionsService, LetterGrantsService, DispositionInstructions, DispositionDeadlines],
})
export class DispositionsModule {}
