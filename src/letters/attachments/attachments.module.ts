import { Module } from '@nestjs/common';
import { OcrModule } from '../../archive/ocr/ocr.module';
import { AppConfig } from '../../config/app-config';
import { LetterAttachmentsController } from './letter-attachments.controller';
import { LetterAttachmentsService } from './letter-attachments.service';

/** Lampiran of letters. */
@Module({
  imports: [
    OcrModule,
  ],
  controllers: [LetterAttachmentsController],
  providers: [LetterAttachmentsService],
})
export class AttachmentsModule {}
