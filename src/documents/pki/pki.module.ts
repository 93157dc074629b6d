import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents.module';
import { PkiController, SigningCertificatesAdminController } from './pki.controller';
import { LtvRenewalService } from './ltv-renewal.service';
import { RevocationService } from './revocation.service';

/**
 * The deployment CA's public PKI services (/pki/ca.pem, /pki/crl, /pki/ocsp) and the
 * administrator's revocation of signing certificates. PkiService and LtvService (the DSS and
 * archive timestamps added to each signed PDF) are provided by DocumentsModule, which signs.
 */
@Module({
  imports: [DocumentsModule],
  controllers: [PkiController, SigningCertificatesAdminController],
  providers: [RevocationService, LtvRenewalService],
})
export class PkiModule {}
