import { X509Certificate } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { DeploymentCaService } from '../deployment-ca.service';
import { DataSource, EntityManager } from 'typeorm';
import { PdfReader } from '../pdf/syntax/pdf-reader';
import { appendDocumentTimestamp } from '../timestamp/document-timestamp';
import { readDer } from '../signing/der';
import { TimestampService } from '../timestamp/timestamp.service';
import { DssContents, ValidationData, appendDss, readDss, vriKey } from './dss';
import { coversRevocation, fetchOcsp, ocspUrlOf, revocationInCms } from './external-revocation';
import { PkiService } from './pki.service';
import { embeddedSignatures } from './signature-certificates';

/**
 * Long-term validation: B-LT adds the DSS (every certificate of every signature's and
 * timestamp's chain, with an OCSP response and the CRL for each one the deployment CA issued),
 * B-LTA then a document timestamp over the whole file. Certificates of other issuers (BSrE)
 * go into the DSS with their revocation data: what their signature carries (SignedData.crls,
 * as BSrE returns it), else an answer of the OCSP responder their AIA names.
 */
@Injectable()
export class LtvService {
  private readonly logger = new Logger('Ltv');

  constructor(
    private readonly pki: PkiService,
    private readonly timestamps: TimestampService,
    private readonly ca: DeploymentCaService,
    private readonly config: AppConfig,
  ) {}

  /** B-LT (the DSS), then B-LTA (a document timestamp over the whole file, from TSA_URL or the built-in authority). */
  /** `db`: the caller's transaction manager when there is one (revocation status is read through it). */
  async extend(pdf: Uint8Array, db?: DataSource | EntityManager, now = new Date()): Promise<Buffer> {
    const withDss = await this.addValidationData(pdf, db, now);
    return appendDocumentTimestamp(withDss, await this.timestamps.timestamper(db instanceof EntityManager ? db : undefined));
  }

  async addValidationData(pdf: Uint8Array, db?: DataSource | EntityManager, now = new Date()): Promise<Buffer> {
    const ca = await this.pki.authorityOf();
    const reader = PdfReader.open(pdf);
    const all: DssContents = { certs: [], ocsps: [], crls: [], vri: new Map() };
    const signatures = embeddedSignatures(reader).map((sig) => ({ sig, chain: withIssuers(sig.certificates, [ca.facts.x509]) }));
    // Every certificate the deployment CA issued, answered for at once (one status query).
    const ours = new Map<string, X509Certificate>();
    for (const { chain } of signatures) for (const cert of chain) if (!ours.has(cert.fingerprint256) && (await this.pki.issuedByUs(cert))) ours.set(cert.fingerprint256, cert);
    const answers = await this.pki.ocspForEach([...ours.values()], now, db);
    const ocsps = new Map([...ours.keys()].map((fingerprint, i) => [fingerprint, answers[i]]));
    const crl = ours.size ? await this.pki.crl(now, db) : undefined;
    const dssBefore = readDss(reader);
    let anchors: X509Certificate[] | undefined;
    for (const { sig, chain } of signatures) {
      const data: ValidationData = { certs: chain.map((c) => c.raw), ocsps: [], crls: [] };
      for (const cert of chain) {
        const ocsp = ocsps.get(cert.fingerprint256);
        if (ocsp) data.ocsps.push(ocsp);
      }
      if (data.ocsps.length && crl) data.crls.push(crl);
      const outside = chain.filter((c) => !ours.has(c.fingerprint256) && c.fingerprint256 !== ca.facts.x509.fingerprint256 && !selfSigned(c));
      if (outside.length) {
        anchors ??= (await this.ca.trustAnchors()).map((pem) => new X509Certificate(pem));
        await this.outsideRevocation(sig.contents, outside, [...chain, ...anchors], dssBefore, data, now);
      }
      all.vri.set(vriKey(sig.contents), data);
      all.certs.push(...data.certs);
      all.ocsps.push(...data.ocsps);
      all.crls.push(...data.crls);
    }
    return appendDss(pdf, all);
  }

  /**
   * Revocation data for certificates of other issuers (BSrE's signer and TSA): what the signature
   * carries, else their OCSP responder's answer. A responder that cannot be reached costs the
   * signature its B-LT data, not the signature: the next renewal run asks again.
   */
  private async outsideRevocation(contents: Buffer, certs: X509Certificate[], pool: X509Certificate[], dss: ValidationData, data: ValidationData, now: Date): Promise<void> {
    const carried = revocationInCms(readDer(contents).raw);
    data.crls.push(...carried.crls);
    data.ocsps.push(...carried.ocsps);
    for (const cert of certs) {
      const issuer = pool.find((c) => c.fingerprint256 !== cert.fingerprint256 && safeIssued(cert, c));
      if (!issuer) continue;
      if (coversRevocation(carried, cert, issuer, now) || coversRevocation(dss, cert, issuer, now) || !ocspUrlOf(cert)) continue;
      try {
        const answer = await fetchOcsp(cert, issuer, this.config.BSRE_TIMEOUT_MS);
        if (answer) data.ocsps.push(answer);
        else this.logger.warn(`OCSP responder of ${cert.subject.split('\n').pop()} gave no usable answer`);
      } catch (err) {
        this.logger.warn(`OCSP responder of ${cert.subject.split('\n').pop()} not reached (${(err as Error).message})`);
      }
    }
  }
}

function selfSigned(cert: X509Certificate): boolean {
  return safeIssued(cert, cert);
}

/** The certificates with the issuers among `extra` (our CA) that complete their chains. */
function withIssuers(certs: X509Certificate[], extra: X509Certificate[]): X509Certificate[] {
  const out = [...certs];
  for (const issuer of extra) {
    if (out.some((c) => c.fingerprint256 === issuer.fingerprint256)) continue;
    if (out.some((c) => safeIssued(c, issuer))) out.push(issuer);
  }
  return out;
}

function safeIssued(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}
