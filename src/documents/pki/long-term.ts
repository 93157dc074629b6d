import { X509Certificate } from 'node:crypto';
import { PdfReader } from '../pdf/syntax/pdf-reader';
import { certificateFacts } from '../signing/certificate-facts';
import { readDer } from '../signing/der';
import { parseCms } from '../verification/cms-signature';
import type { PdfVerification, SignatureVerification } from '../verification/pdf-verifier';
import { parseCrl } from './crl';
import { DssContents, readDss } from './dss';
import { certIdIssuedBy, parseOcspResponse } from './ocsp';
import { serialKey } from './pki-asn1';
import { embeddedSignatures } from './signature-certificates';

export type SignatureLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

export interface RevocationAtTime {
  /** good: unrevoked at the proven time (revoked later counts as good then); unknown: no embedded data says. */
  status: 'good' | 'revoked' | 'unknown';
  /** When revoked, from when (may lie after the proven time). */
  revokedAt?: Date;
  source?: 'ocsp' | 'crl';
  /** producedAt of the OCSP answer or thisUpdate of the CRL that says so. */
  issuedAt?: Date;
}

export interface LongTermAssessment {
  kind: 'signature' | 'document-timestamp';
  level: SignatureLevel;
  /** Proven by a verified timestamp (the signature's own, or the earliest document timestamp over it). */
  provenTime?: Date;
  /** The time the signer's device claims (/M or the signing-time attribute), when nothing proves one. */
  claimedTime?: Date;
  /** The chain was valid at the proven (or claimed) time. */
  certificateValidAtTime: boolean;
  revocation: RevocationAtTime;
  /** Intact, chained to a trusted root, valid and unrevoked at a proven time: it holds. */
  holds: boolean;
}

/**
 * What holds of each signature in the long term, using only what the file carries (no network):
 * its level (B-B: no timestamp; B-T: a signature timestamp; B-LT: plus the revocation data of
 * the signer's certificate in the DSS; B-LTA: plus a document timestamp over that DSS), the time
 * proven by its timestamp, and whether the certificate was valid and unrevoked at that time. A
 * certificate expired or revoked since then does not matter: the proof of time comes first.
 */
export function assessLongTerm(bytes: Uint8Array, verification: PdfVerification, anchors: X509Certificate[]): LongTermAssessment[] {
  let reader: PdfReader;
  try {
    reader = PdfReader.open(bytes);
  } catch {
    return verification.signatures.map((s) => blank(s));
  }
  const embedded = embeddedSignatures(reader);
  const dssNow = safeDss(bytes);
  const docTimestamps = verification.signatures.filter((s) => s.subFilter === 'ETSI.RFC3161' && s.intact && s.chainOk && s.timestamp);
  return verification.signatures.map((s) => {
    if (s.subFilter === 'ETSI.RFC3161') {
      const time = s.intact && s.chainOk ? s.timestamp?.time : undefined;
      return { kind: 'document-timestamp', level: 'B-LTA', provenTime: time, certificateValidAtTime: s.chainOk, revocation: { status: 'unknown' }, holds: !!time };
    }
    const own = s.timestamp && s.timestamp.imprintOk && s.timestamp.signatureOk ? s.timestamp.time : undefined;
    const later = docTimestamps.filter((d) => rangeEnd(d) > rangeEnd(s)).sort((a, b) => a.timestamp!.time.getTime() - b.timestamp!.time.getTime());
    const provenTime = own ?? later[0]?.timestamp?.time;
    const field = embedded.find((e) => e.fieldName === s.fieldName);
    const signer = field ? signerOf(field.contents) : undefined;
    const pool = [...(field?.certificates ?? []), ...dssNow.certs.map(toX509).filter((c): c is X509Certificate => !!c), ...anchors];
    const issuer = signer ? pool.find((c) => c.fingerprint256 !== signer.fingerprint256 && safeIssued(signer, c)) : undefined;
    const at = provenTime ?? s.signingTime;
    const revocation = signer && issuer && at ? revocationAt(dssNow, signer, issuer, at) : { status: 'unknown' as const };
    let level: SignatureLevel = own ? 'B-T' : 'B-B';
    if (own && revocation.status !== 'unknown') {
      level = 'B-LT';
      const covering = later.find((d) => {
        const before = safeDss(bytes.subarray(0, rangeEnd(d)));
        return signer && issuer && revocationAt(before, signer, issuer, own).status !== 'unknown';
      });
      if (covering) level = 'B-LTA';
    }
    return {
      kind: 'signature',
      level,
      provenTime,
      claimedTime: provenTime ? undefined : s.signingTime,
      certificateValidAtTime: s.chainOk,
      revocation,
      holds: s.intact && s.chainOk && !!provenTime && revocation.status !== 'revoked',
    };
  });
}

function blank(s: SignatureVerification): LongTermAssessment {
  return { kind: 'signature', level: 'B-B', claimedTime: s.signingTime, certificateValidAtTime: false, revocation: { status: 'unknown' }, holds: false };
}

/** The status at `at` from the DSS's OCSP answers and CRLs signed by the issuer and issued at or after `at`. */
export function revocationAt(dss: DssContents, cert: X509Certificate, issuer: X509Certificate, at: Date): RevocationAtTime {
  const facts = certificateFacts(cert.raw);
  const issuerFacts = certificateFacts(issuer.raw);
  const serial = serialKey(facts.serialNumber.subarray(2));
  let best: RevocationAtTime = { status: 'unknown' };
  for (const bytes of dss.ocsps) {
    try {
      const ocsp = parseOcspResponse(bytes);
      if (!ocsp.verify(issuer)) continue;
      for (const r of ocsp.responses) {
        if (r.certId.serial !== serial || !certIdIssuedBy(r.certId, issuerFacts)) continue;
        if (r.status.status === 'revoked') {
          const revokedBefore = r.status.revokedAt <= at;
          if (revokedBefore) return { status: 'revoked', revokedAt: r.status.revokedAt, source: 'ocsp', issuedAt: ocsp.producedAt };
          best = { status: 'good', revokedAt: r.status.revokedAt, source: 'ocsp', issuedAt: ocsp.producedAt };
        } else if (r.status.status === 'good' && ocsp.producedAt && ocsp.producedAt >= earlier(at) && best.status === 'unknown') {
          best = { status: 'good', source: 'ocsp', issuedAt: ocsp.producedAt };
        }
      }
    } catch {
      // Unreadable OCSP data says nothing.
    }
  }
  for (const bytes of dss.crls) {
    try {
      const crl = parseCrl(bytes);
      if (!crl.issuerName.equals(issuerFacts.subjectName) || !crl.verify(issuer)) continue;
      const entry = crl.revoked.get(serial);
      if (entry && entry.revokedAt <= at) return { status: 'revoked', revokedAt: entry.revokedAt, source: 'crl', issuedAt: crl.thisUpdate };
      if (entry && best.status === 'unknown') best = { status: 'good', revokedAt: entry.revokedAt, source: 'crl', issuedAt: crl.thisUpdate };
      else if (!entry && crl.thisUpdate >= earlier(at) && best.status === 'unknown') best = { status: 'good', source: 'crl', issuedAt: crl.thisUpdate };
    } catch {
      // Unreadable CRL data says nothing.
    }
  }
  return best;
}

/** Revocation data made right after the signature may carry a clock a little behind the TSA's. */
function earlier(at: Date): Date {
  return new Date(at.getTime() - 5 * 60_000);
}

function rangeEnd(s: SignatureVerification): number {
  const [, , c, d] = s.byteRange;
  return (c ?? 0) + (d ?? 0);
}

function safeDss(bytes: Uint8Array): DssContents {
  try {
    return readDss(bytes);
  } catch {
    return { certs: [], ocsps: [], crls: [], vri: new Map() };
  }
}

function signerOf(contents: Buffer): X509Certificate | undefined {
  try {
    return parseCms(Buffer.from(readDer(contents).raw)).signerCertificate;
  } catch {
    return undefined;
  }
}

function toX509(der: Buffer): X509Certificate | undefined {
  try {
    return new X509Certificate(der);
  } catch {
    return undefined;
  }
}

function safeIssued(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

