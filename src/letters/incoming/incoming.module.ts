import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { OcrModule } from '../../archive/ocr/ocr.module';
import { AppConfig } from '../../config/app-config';
import { LettersModule } from '../letters.module';
import { IncomingLettersController } from './incoming-letters.controller';
import { IncomingLettersService } from './incoming-letters.service';

/** Surat masuk: registration by TU with the scan and an agenda number. */
@Module({
  imports: [
    LettersModule,
    OcrModule,
    // Scans are checked in memory before they are stored; one file per request, within UPLOAD_LIMIT_BYTES.
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ storage: memoryStorage(), limits: { fileSize: config.UPLOAD_LIMIT_BYTES, files: 1, fields: 30 } }),
    }),
  ],
  controllers: [IncomingLettersController],
  providers: [IncomingLettersService],
})
export class IncomingModule {}
