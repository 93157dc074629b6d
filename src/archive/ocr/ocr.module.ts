import { Module } from '@nestjs/common';
import { LetterTextController } from './letter-text.controller';
import { LetterTextService } from './letter-text.service';
import { OcrJobService } from './ocr-job.service';

/**
 * The text of letters' files for search: text layers, OCR of scans (the `ocr` queue, run by
 * the workers), the searchable PDF/A versions and TU's corrections.
 */
@Module({
  controllers: [LetterTextController],
  providers: [LetterTextService, OcrJobService],
  exports: [LetterTextService],
})
export class OcrModule {}
