import { KeyObject, X509Certificate, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { DeploymentCaService } from '../deployment-ca.service';
import { CertificateFacts, certificateFacts } from '../signing/certificate-facts';
import { DerError } from '../signing/der';
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
  /** CRLs and OCSP answers made in the last minute, reused while the revocation rows they state are unchanged. */
  private readonly reused = new RecentAnswers(REUSE_MS);

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
      `SELECT serial_number, revoked_at, revocation_reason FROM signer_credential WHERE provider = 'local' AND revoked_at <= $1 ORDER BY revoked_at, serial_number`,
      [now],
    );
    const key = JSON.stringify(rows.map((r) => [r.serial_number, r.revoked_at?.getTime(), r.revocation_reason]));
    return this.reused.get('crl', key, now) ?? this.reused.put('crl', key, now, buildCrl({
      issuer: ca.facts,
      issuerKey: ca.key,
      entries: rows.map((r) => ({ serial: serialFromHex(r.serial_number), revokedAt: r.revoked_at!, reason: reasonCode(r.revocation_reason) })),
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + this.validityMs),
      // Increasing with time, with no state to keep: seconds since the epoch.
      crlNumber: Math.floor(now.getTime() / 1000),
    }));
  }

  /** The status of certificates issued by the deployment CA, by serial key (upper-case hex). */
  async statuses(serials: string[], at = new Date(), db: DataSource | EntityManager = this.db): Promise<Map<string, CertStatus>> {
    // One round trip: the credentials with these serials, and the built-in timestamp authority's certificates (ours too, never revoked here).
    const rows: (RevocationRow & { tsa_pem: string | null })[] = serials.length
      ? await db.query(
          `SELECT serial_number, revoked_at, revocation_reason, NULL AS tsa_pem FROM signer_credential
            WHERE provider = 'local' AND ltrim(upper(serial_number), '0') = ANY($1)
           UNION ALL
           SELECT NULL, NULL, NULL, certificate_pem FROM timestamp_authority`,
          [serials.map((s) => s.replace(/^0+/, ''))],
        )
      : [];
    const credentials = rows.filter((r) => r.tsa_pem === null);
    const tsaSerials = new Set(rows.filter((r) => r.tsa_pem !== null).map((r) => this.serialOfPem(r.tsa_pem!)));
    const out = new Map<string, CertStatus>();
    for (const serial of serials) {
      const row = credentials.find((r) => serialKey(serialFromHex(r.serial_number).subarray(2)) === serial) ?? undefined;
      if (!row && tsaSerials.has(serial)) out.set(serial, { status: 'good' });
      else if (!row) out.set(serial, { status: 'unknown' });
      else if (row.revoked_at && row.revoked_at <= at) out.set(serial, { status: 'revoked', revokedAt: row.revoked_at, reason: reasonCode(row.revocation_reason) });
      else out.set(serial, { status: 'good' });
    }
    return out;
  }

  /** Serial keys of the timestamp authority's certificates, parsed once each. */
  private readonly pemSerials = new Map<string, string>();
  private serialOfPem(pem: string): string {
    let serial = this.pemSerials.get(pem);
    if (!serial) {
      serial = serialKey(certificateFacts(pem).serialNumber.subarray(2));
      if (this.pemSerials.size < 64) this.pemSerials.set(pem, serial);
    }
    return serial;
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
    return (await this.ocspForEach([cert], now, db))[0];
  }

  /** ocspFor of each certificate, their statuses read at once. */
  async ocspForEach(certs: X509Certificate[], now = new Date(), db: DataSource | EntityManager = this.db): Promise<Buffer[]> {
    const ca = await this.authorityOf();
    const facts = certs.map((c) => certificateFacts(c.raw));
    const serials = facts.map((f) => serialKey(f.serialNumber.subarray(2)));
    const statuses = await this.statuses([...new Set(serials)], now, db);
    return facts.map((f, i) => {
      const status = statuses.get(serials[i])!;
      const key = `${serials[i]}:${JSON.stringify(status)}`;
      return (
        this.reused.get('ocsp', key, now) ??
        this.reused.put('ocsp', key, now, buildOcspResponse({
          responder: ca.facts,
          responderKey: ca.key,
          answers: [{ certId: certIdFor(f, ca.facts), status }],
          producedAt: now,
          nextUpdate: new Date(now.getTime() + this.validityMs),
          nonce: undefined,
        }))
      );
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

/**
 * How long a CRL or an OCSP answer is reused for the DSS of the next signatures: each costs an
 * RSA signature of the CA's key, and a verifier takes revocation data issued up to five minutes
 * before the time it checks (pki/long-term.ts), so one a minute old says the same.
 */
const REUSE_MS = 60_000;

/** Signed answers by what they state (the revocation rows read for them), each reused while younger than `maxAgeMs`. */
class RecentAnswers {
  private readonly answers = new Map<string, { at: number; bytes: Buffer }>();

  constructor(private readonly maxAgeMs: number) {}

  get(kind: string, key: string, now: Date): Buffer | undefined {
    const hit = this.answers.get(`${kind}|${key}`);
    const age = hit ? now.getTime() - hit.at : -1;
    return hit && age >= 0 && age <= this.maxAgeMs ? hit.bytes : undefined;
  }

  put(kind: string, key: string, now: Date, bytes: Buffer): Buffer {
    // Bounded: old answers go first (a Map iterates in insertion order).
    for (const [k, v] of this.answers) if (now.getTime() - v.at > this.maxAgeMs || this.answers.size >= 1024) this.answers.delete(k);
    this.answers.set(`${kind}|${key}`, { at: now.getTime(), bytes });
    return bytes;
  }
}

export function reasonCode(name: RevocationReasonName | null): RevocationReason {
  return name ? REVOCATION_REASON_NAMES[name] : RevocationReason.unspecified;
}
