import { X509Certificate } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PersonPrincipal } from '../records/principal';
import { AppConfig } from '../config/app-config';
import { DeploymentCaService } from './deployment-ca.service';
import { organizationName } from './deployment-ca';
import { CredentialView, issueLocalCredential, oneLine, signingOfficials } from './signer-credentials';
import { SigningError, SigningErrorCode } from './signing.errors';
import { revocationPointers } from './pki/pki-asn1';

/** An official's own signing certificate from the deployment CA: issue (or replace) and show it. */
@Injectable()
export class SigningCredentialsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly ca: DeploymentCaService,
  ) {}

  async issue(principal: PersonPrincipal, passphrase: string): Promise<CredentialView> {
    const [official] = await signingOfficials(this.db, { personId: principal.personId });
    if (!official) throw new SigningError(SigningErrorCode.SIGNING_NOT_ALLOWED, 'Only officials holding a position that signs letters get a signing certificate');
    if (!official.nip) {
      throw new SigningError(SigningErrorCode.SIGNING_NOT_ALLOWED, 'A certificate from the deployment CA carries the NIP; officials without one sign through BSrE');
    }
    const ca = await this.ca.get();
    const organization = await organizationName(this.db, this.config);
    return this.db.transaction((tx) =>
      issueLocalCredential(tx, ca, { ...official, nip: official.nip! }, organization, passphrase, { extraExtensions: revocationPointers(this.config.PUBLIC_URL) }),
    );
  }

  async view(principal: PersonPrincipal): Promise<CredentialView> {
    const [row] = await this.db.query(
      `SELECT provider, certificate_pem, created_at FROM signer_credential WHERE person_id = $1 AND (revoked_at IS NULL OR revoked_at > now()) ORDER BY created_at DESC LIMIT 1`,
      [principal.personId],
    );
    if (!row) throw new SigningError(SigningErrorCode.SIGNING_CERTIFICATE_NOT_FOUND, 'You have no signing certificate');
    const x509 = new X509Certificate(row.certificate_pem);
    return {
      provider: row.provider,
      subject: oneLine(x509.subject),
      issuer: oneLine(x509.issuer),
      serialNumber: x509.serialNumber,
      notBefore: new Date(x509.validFrom),
      notAfter: new Date(x509.validTo),
      createdAt: row.created_at,
    };
  }
}
