import { X509Certificate } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PdfReader } from '../documents/pdf/syntax/pdf-reader';
import { appendDocumentTimestamp } from '../documents/timestamp/document-timestamp';
import { TimestampService } from '../documents/timestamp/timestamp.service';
import { DssContents, ValidationData, appendDss, vriKey } from './dss';
import { PkiService } from './pki.service';
import { embeddedSignatures } from './signature-certificates';


/**
 * Long-term validation: B-LT adds the DSS (every certificate of every signature's and
 * timestamp's chain, with an OCSP response and the CRL for each one the deployment CA issued),
 * B-LTA then a document timestamp over the whole file. Certificates of other issuers (BSrE)
 * go into the DSS; their revocation data is what their signature already carries.
 */
@Injectable()
export class LtvService {
  constructor(
    private readonly pki: PkiService,
    private readonly timestamps: TimestampService,
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
    const ocsps = new Map<string, Buffer>();
    let crl: Buffer | undefined;
    for (const sig of embeddedSignatures(reader)) {
      const data: ValidationData = { certs: [], ocsps: [], crls: [] };
      let ours = false;
      for (const cert of withIssuers(sig.certificates, [ca.facts.x509])) {
        data.certs.push(cert.raw);
        if (!(await this.pki.issuedByUs(cert))) continue;
        ours = true;
        let ocsp = ocsps.get(cert.fingerprint256);
        if (!ocsp) ocsps.set(cert.fingerprint256, (ocsp = await this.pki.ocspFor(cert, now, db)));
        data.ocsps.push(ocsp);
      }
      if (ours) {
        crl ??= await this.pki.crl(now, db);
        data.crls.push(crl);
      }
      all.vri.set(vriKey(sig.contents), data);
      all.certs.push(...data.certs);
      all.ocsps.push(...data.ocsps);
      all.crls.push(...data.crls);
    }
    return appendDss(pdf, all);
  }
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
    return cert.checkIssued(issuer);
  } catch {
    return false;
  }
}
