import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DeploymentCaService } from './deployment-ca.service';
import { issueDemoCertificates, reissueWithoutRevocationPointers } from './signer-credentials';
import { TimestampService } from './timestamp/timestamp.service';

/**
 * At start: the deployment CA and its timestamp authority exist (created on the first start), certificates issued
 * before they carried revocation pointers are re-issued with them, and outside production
 * every seeded demo official has a certificate sealed under the demo passphrase.
 */
@Injectable()
export class DocumentsBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Documents');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly ca: DeploymentCaService,
    private readonly timestamps: TimestampService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const ca = await this.ca.get();
    // Ready before the first signature, whose transaction may not take a second connection.
    await this.timestamps.authorityIdentity();
    const reissued = await reissueWithoutRevocationPointers(this.db, this.config, ca);
    if (reissued > 0) this.logger.log(`Re-issued ${reissued} signing certificates with their CRL distribution point and OCSP address (same keys)`);
    if (this.config.isProduction) return;
    const issued = await issueDemoCertificates(this.db, this.config);
    if (issued > 0) this.logger.log(`Issued signing certificates to ${issued} demo officials`);
  }
}
