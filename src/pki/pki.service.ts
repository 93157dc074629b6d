import { KeyObject, X509Certificate, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DeploymentCaService } from '../documents/deployment-ca.service';
import { CertificateFacts, certificateFacts } from '../documents/signing/certificate-facts';
import { DerError } from '../documents/signing/der';
import { buildCrl } from './crl';
import { CertStatus, OcspResponseStatus, buildOcspResponse, certIdFor, certIdIssuedBy, ocspError, parseOcspRequest } from './ocsp';
import { REVOCATION_REASON_NAMES, RevocationReason, RevocationReasonName, serialFromHex, serialKey } from './pki-asn1';

export interface Authority {
  facts: CertificateFacts;
  key: KeyObject;
  pem: string;
}

interface RevocationRow {
  serial_number: string;
  revoked_at: Date | null;
  revocation_reason: RevocationReasonName | null;
}

/**
 * The deployment CA's revocation services: its CRL and its OCSP answers, both read from the
 * signing certificates it issued (signer_credential). A certificate counts as revoked from its
 * revoked_at on, never before: a revocation dated ahead is announced only once it begins.
 */
@Injectable()
export class PkiService {
  private authority?: Promise<Authority>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly ca: DeploymentCaService,
  ) {}

  authorityOf(): Promise<Authority> {
    this.authority ??= this.ca.get().then(
      (ca) => ({ facts: certificateFacts(ca.certificatePem), key: ca.privateKey, pem: ca.certificatePem }),
      (err) => {
        this.authority = undefined;
        throw err;
      },
    );
    return this.authority;
  }

  /** How long a CRL or an OCSP answer is fresh (its nextUpdate). */
  private get validityMs(): number {
    return this.config.PKI_REVOCATION_VALIDITY_HOURS * 3_600_000;
  }

  async crl(now = new Date(), db: DataSource | EntityManager = this.db): Promise<Buffer> {
    const ca = await this.authorityOf();
    const rows: RevocationRow[] = await db.query(
      `SELECT serial_number, revoked_at, revocation_reason FROM signer_credential WHERE provider = 'local' AND revoked_at <= $1 ORDER BY revoked_at`,
      [now],
    );
    return buildCrl({
      issuer: ca.facts,
      issuerKey: ca.key,
      entries: rows.map((r) => ({ serial: serialFromHex(r.serial_number), revokedAt: r.revoked_at!, reason: reasonCode(r.revocation_reason) })),
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + this.validityMs),
      // Increasing with time, with no state to keep: seconds since the epoch.
      crlNumber: Math.floor(now.getTime() / 1000),
    });
  }

  /** The status of certificates issued by the deployment CA, by serial key (upper-case hex). */
  async statuses(serials: string[], at = new Date(), db: DataSource | EntityManager = this.db): Promise<Map<string, CertStatus>> {
    const rows: RevocationRow[] = serials.length
      ? await db.query(
          `SELECT serial_number, revoked_at, revocation_reason FROM signer_credential
            WHERE provider = 'local' AND ltrim(upper(serial_number), '0') = ANY($1)`,
          [serials.map((s) => s.replace(/^0+/, ''))],
        )
      : [];
    // The built-in timestamp authority's certificates are ours too, and never revoked here.
    const tsa: { certificate_pem: string }[] = serials.length ? await db.query('SELECT certificate_pem FROM timestamp_authority') : [];
    const tsaSerials = new Set(tsa.map((r) => serialKey(certificateFacts(r.certificate_pem).serialNumber.subarray(2))));
    const out = new Map<string, CertStatus>();
    for (const serial of serials) {
      const row = rows.find((r) => serialKey(serialFromHex(r.serial_number).subarray(2)) === serial) ?? undefined;
      if (!row && tsaSerials.has(serial)) out.set(serial, { status: 'good' });
      else if (!row) out.set(serial, { status: 'unknown' });
      else if (row.revoked_at && row.revoked_at <= at) out.set(serial, { status: 'revoked', revokedAt: row.revoked_at, reason: reasonCode(row.revocation_reason) });
      else out.set(serial, { status: 'good' });
    }
    return out;
  }

  /** Answers a DER OCSPRequest with a DER OCSPResponse (errors included, as RFC 6960 wants them). */
  async answerOcsp(request: Buffer, now = new Date()): Promise<Buffer> {
    let parsed;
    try {
      parsed = parseOcspRequest(request);
    } catch (err) {
      if (err instanceof DerError || err instanceof RangeError || err instanceof TypeError) return ocspError(OcspResponseStatus.malformedRequest);
      throw err;
    }
    const ca = await this.authorityOf();
    const ours = parsed.certIds.filter((id) => certIdIssuedBy(id, ca.facts));
    if (ours.length === 0) return ocspError(OcspResponseStatus.unauthorized);
    const statuses = await this.statuses(
      ours.map((id) => id.serial),
      now,
    );
    return buildOcspResponse({
      responder: ca.facts,
      responderKey: ca.key,
      answers: ours.map((id) => ({ certId: id.raw, status: statuses.get(id.serial)! })),
      producedAt: now,
      nextUpdate: new Date(now.getTime() + this.validityMs),
      nonce: parsed.nonce,
    });
  }

  /** An OCSP response for one certificate the deployment CA issued, as the DSS embeds it. */
  async ocspFor(cert: X509Certificate, now = new Date(), db: DataSource | EntityManager = this.db): Promise<Buffer> {
    const ca = await this.authorityOf();
    const facts = certificateFacts(cert.raw);
    const status = (await this.statuses([serialKey(facts.serialNumber.subarray(2))], now, db)).values().next().value!;
    return buildOcspResponse({
      responder: ca.facts,
      responderKey: ca.key,
      answers: [{ certId: certIdFor(facts, ca.facts), status }],
      producedAt: now,
      nextUpdate: new Date(now.getTime() + this.validityMs),
      nonce: undefined,
    });
  }

  /** Whether the deployment CA issued this certificate (checked by signature). */
  async issuedByUs(cert: X509Certificate): Promise<boolean> {
    const ca = await this.authorityOf();
    if (cert.fingerprint256 === ca.facts.x509.fingerprint256) return false;
    try {
      return cert.checkIssued(ca.facts.x509) && cert.verify(ca.facts.x509.publicKey);
    } catch {
      return false;
    }
  }

  randomNonce(): Buffer {
    return randomBytes(16);
  }
}

export function reasonCode(name: RevocationReasonName | null): RevocationReason {
  return name ? REVOCATION_REASON_NAMES[name] : RevocationReason.unspecified;
}
