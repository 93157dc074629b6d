import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { DeploymentCaService } from '../deployment-ca.service';
import { CadesSigner, SignatureTimestamper } from '../signing/cades-signed-data';
import { certificateFacts } from '../signing/certificate-facts';
import { TimestampAuthority } from './timestamp-authority';
import { ensureTimestampAuthorityKey } from './timestamp-authority.store';
import { EXTERNAL_TOKEN_RESERVE, TimestampClient, httpTimestampTransport } from './timestamp-client';

/** Room for a token of our own authority beyond its two certificates: TSTInfo, attributes, signature. */
const LOCAL_TOKEN_OVERHEAD = 2048;

/**
 * Timestamps for signatures: the authority named by TSA_URL, or by default the deployment's
 * own (its certificate under the deployment CA, serials from the sequence timestamp_serial).
 */
@Injectable()
export class TimestampService {
  private identity?: Promise<CadesSigner>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly ca: DeploymentCaService,
  ) {}

  /** The built-in authority's key and chain: created when missing, unsealed once, then kept in memory. */
  authorityIdentity(): Promise<CadesSigner> {
    this.identity ??= (async () => {
      const ca = await this.ca.get();
      const tsa = await ensureTimestampAuthorityKey(this.db, this.config, ca);
      return { certificate: certificateFacts(tsa.certificatePem), chain: [certificateFacts(ca.certificatePem)], privateKey: tsa.privateKey };
    })().catch((err) => {
      this.identity = undefined;
      throw err;
    });
    return this.identity;
  }

  /** The built-in authority, drawing serials through `manager` (a transaction's, inside one). */
  async authority(manager: EntityManager = this.db.manager): Promise<TimestampAuthority> {
    return new TimestampAuthority({
      identity: await this.authorityIdentity(),
      nextSerial: async () => BigInt((await manager.query(`SELECT nextval('timestamp_serial')::text AS serial`))[0].serial),
    });
  }

  /**
   * What a signature asks for its timestamp: an HTTP client of TSA_URL, or the built-in
   * authority in process (the same query and reply bytes, and the same checks, without the
   * HTTP round trip), its serial drawn through `manager`.
   */
  async timestamper(manager?: EntityManager): Promise<SignatureTimestamper> {
    if (this.config.TSA_URL) return new TimestampClient(httpTimestampTransport(this.config.TSA_URL, this.config.TSA_TIMEOUT_MS), EXTERNAL_TOKEN_RESERVE);
    const authority = await this.authority(manager);
    const identity = await this.authorityIdentity();
    const certificates = [identity.certificate, ...identity.chain].reduce((n, c) => n + c.der.length, 0);
    return new TimestampClient((query) => authority.respond(query), certificates + LOCAL_TOKEN_OVERHEAD);
  }
}
