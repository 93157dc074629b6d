import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { raw } from 'express';
import { DocumentsModule } from '../documents/documents.module';
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
export class PkiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The DER OCSP request as a Buffer; an OCSP request names at most 16 certificates.
    consumer.apply(raw({ type: 'application/ocsp-request', limit: 16 * 1024 })).forRoutes({ path: 'pki/ocsp', method: RequestMethod.POST });
  }
}
