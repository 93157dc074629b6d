import { Module } from '@nestjs/common';
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
  ],
  controllers: [IncomingLettersController],
  providers: [IncomingLettersService],
})
export class IncomingModule {}
