import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { NumberingModule } from '../numbering/numbering.module';
import { DeploymentCaService } from './deployment-ca.service';
import { DocumentActions } from './document.actions';
import { DocumentsBootstrap } from './documents.bootstrap';
import { DocumentsController } from './documents.controller';
import { LetterDocumentsService } from './letter-documents.service';
import { LetterRenderService } from './letter-render.service';
import { LetterSigningService } from './letter-signing.service';
import { SigningCredentialsService } from './signing-credentials.service';
import { SigningLockoutService } from './signing-lockout.service';
import { SigningPlugin } from './signing.plugin';
import { VerificationController } from './verification.controller';
import { VerificationService } from './verification.service';
import { LtvService } from './pki/ltv.service';
import { PkiService } from './pki/pki.service';
import { PkiController } from './timestamp/pki.controller';
import { TimestampService } from './timestamp/timestamp.service';

/** Letters to PDF, electronic signatures (deployment CA or BSrE), stored versions and public verification. */
@Module({
  imports: [
    NumberingModule,
  ],
  controllers: [DocumentsController, VerificationController, PkiController],
  providers: [
    DeploymentCaService,
    TimestampService,
    LetterRenderService,
    LetterDocumentsService,
    SigningLockoutService,
    LetterSigningService,
    SigningCredentialsService,
    VerificationService,
    SigningPlugin,
    DocumentActions,
    DocumentsBootstrap,
    PkiService,
    LtvService,
  ],
  exports: [LetterDocumentsService, DeploymentCaService, TimestampService, PkiService, LtvService],
})
export class DocumentsModule {}
