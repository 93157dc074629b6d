import { KeyObject, X509Certificate, sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import { CertificateFacts } from '../signing/certificate-facts';
import { DerNode, OID, TAG, der, expectTag, oidOf, readDer, timeOf } from '../signing/der';
import { PKI_OID, RevocationReason, enumerated, extension, serialKey } from './pki-asn1';

export interface RevokedEntry {
  /** serialNumber INTEGER element. */
  serial: Buffer;
  revokedAt: Date;
  reason: RevocationReason;
}

export interface CrlInput {
  issuer: CertificateFacts;
  issuerKey: KeyObject;
  entries: RevokedEntry[];
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber: number;
}

/** An X.509 v2 CRL (RFC 5280 §5) signed with SHA-256 and RSA by the issuing CA. */
export function buildCrl(input: CrlInput): Buffer {
  const algorithm = der.algorithm(OID.sha256WithRsa, true);
  const revoked = input.entries.map((e) =>
    der.sequence(
      e.serial,
      der.time(e.revokedAt),
      ...(e.reason === RevocationReason.unspecified ? [] : [der.sequence(extension(PKI_OID.reasonCode, false, enumerated(e.reason)))]),
    ),
  );
  const tbs = der.sequence(
    der.integer(1), // v2
    algorithm,
    input.issuer.subjectName,
    der.time(input.thisUpdate),
    der.time(input.nextUpdate),
    ...(revoked.length ? [der.sequence(...revoked)] : []),
    der.context(
      0,
      der.sequence(
        extension(OID.authorityKeyIdentifier, false, der.sequence(der.contextPrimitive(0, input.issuer.subjectKeyId ?? input.issuer.publicKeyId))),
        extension(PKI_OID.cRLNumber, false, der.integer(input.crlNumber)),
      ),
    ),
  );
  return der.sequence(tbs, algorithm, der.bitString(cryptoSign('sha256', tbs, input.issuerKey)));
}

export interface ParsedCrl {
  raw: Buffer;
  issuerName: Buffer;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** By serial key (hex, upper case). */
  revoked: Map<string, { revokedAt: Date; reason: RevocationReason }>;
  verify(issuer: X509Certificate): boolean;
}

export function parseCrl(bytes: Uint8Array): ParsedCrl {
  const root = expectTag(readDer(bytes), TAG.sequence, 'CertificateList');
  const [tbs, , signature] = root.children;
  expectTag(tbs, TAG.sequence, 'TBSCertList');
  const fields = tbs.children[0].tag === TAG.integer ? tbs.children.slice(1) : tbs.children;
  const [, issuer, thisUpdate, maybeNext, ...rest] = fields;
  const hasNext = maybeNext && (maybeNext.tag === TAG.utcTime || maybeNext.tag === TAG.generalizedTime);
  const list = (hasNext ? rest : [maybeNext, ...rest]).find((n) => n?.tag === TAG.sequence);
  const revoked = new Map<string, { revokedAt: Date; reason: RevocationReason }>();
  for (const entry of list?.children ?? []) {
    const [serial, date, exts] = entry.children;
    revoked.set(serialKey(serial), { revokedAt: timeOf(date), reason: reasonOf(exts) });
  }
  const raw = Buffer.from(root.raw);
  return {
    raw,
    issuerName: Buffer.from(issuer.raw),
    thisUpdate: timeOf(thisUpdate),
    nextUpdate: hasNext ? timeOf(maybeNext) : undefined,
    revoked,
    verify: (cert) => {
      try {
        return cryptoVerify('sha256', tbs.raw, cert.publicKey, signature.content.subarray(1));
      } catch {
        return false;
      }
    },
  };
}

function reasonOf(exts: DerNode | undefined): RevocationReason {
  const reason = exts?.children.find((e) => oidOf(e.children[0]) === PKI_OID.reasonCode);
  if (!reason) return RevocationReason.unspecified;
  return readDer(reason.children[reason.children.length - 1].content).content[0] as RevocationReason;
}

