import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { OcrModule } from '../../archive/ocr/ocr.module';
import { AppConfig } from '../../config/app-config';
import { LetterAttachmentsController } from './letter-attachments.controller';
import { LetterAttachmentsService } from './letter-attachments.service';

/** Lampiran of letters. */
@Module({
  imports: [
    OcrModule,
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ storage: memoryStorage(), limits: { fileSize: config.UPLOAD_LIMIT_BYTES, files: 1, fields: 5 } }),
    }),
  ],
  controllers: [LetterAttachmentsController],
  providers: [LetterAttachmentsService],
})
export class AttachmentsModule {}
