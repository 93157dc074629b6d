import { X509Certificate, createHash } from 'node:crypto';
import { DocumentError, DocumentErrorCode } from '../documents.errors';
import { DerNode, OID, TAG, contextChild, expectTag, oidOf, readDer } from './der';

/** What signing and path building need from a certificate, computed once per certificate. */
export interface CertificateFacts {
  der: Buffer;
  x509: X509Certificate;
  /** serialNumber INTEGER element, byte-exact. */
  serialNumber: Buffer;
  /** Issuer and subject Names, byte-exact as in the certificate. */
  issuerName: Buffer;
  subjectName: Buffer;
  /** subjectKeyIdentifier extension value, when present. */
  subjectKeyId?: Buffer;
  /** SHA-1 of the subjectPublicKey bits (RFC 5280 key identifier, method 1). */
  publicKeyId: Buffer;
  sha256: Buffer;
}

export function pemToDer(pem: string): Buffer {
  const body = pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
  return Buffer.from(body, 'base64');
}

export function derToPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Accepts PEM text or DER bytes. */
export function certificateFacts(certificate: string | Uint8Array): CertificateFacts {
  const der = typeof certificate === 'string' ? pemToDer(certificate) : Buffer.from(certificate);
  try {
    const x509 = new X509Certificate(der);
    const tbs = expectTag(readDer(der).children[0], TAG.sequence, 'TBSCertificate');
    const fields = tbs.children[0].tag === 0xa0 ? tbs.children.slice(1) : tbs.children; // [0] version is optional
    const [serial, , issuer, , subject, spki] = fields;
    return {
      der,
      x509,
      serialNumber: Buffer.from(serial.raw),
      issuerName: Buffer.from(issuer.raw),
      subjectName: Buffer.from(subject.raw),
      subjectKeyId: subjectKeyIdOf(tbs),
      publicKeyId: publicKeyId(spki),
      sha256: createHash('sha256').update(der).digest(),
    };
  } catch (e) {
    throw new DocumentError(DocumentErrorCode.SIGNING_CERTIFICATE_INVALID, 'The certificate cannot be read', {
      reason: (e as Error).message,
    });
  }
}

export function publicKeyId(spki: DerNode): Buffer {
  const bits = expectTag(spki.children[1], TAG.bitString, 'subjectPublicKey').content.subarray(1);
  return createHash('sha1').update(bits).digest();
}

function subjectKeyIdOf(tbs: DerNode): Buffer | undefined {
  const extensions = contextChild(tbs, 3)?.children[0]?.children ?? [];
  const ski = extensions.find((e) => oidOf(e.children[0]) === OID.subjectKeyIdentifier);
  if (!ski) return undefined;
  const value = ski.children[ski.children.length - 1];
  return Buffer.from(readDer(value.content).content);
}

/** The CN of a certificate's subject, or the whole subject when it has none. */
export function commonNameOf(x509: X509Certificate): string {
  const cn = x509.subject.split('\n').find((line) => line.startsWith('CN='));
  return cn ? cn.slice(3) : x509.subject.replace(/\n/g, ', ');
}
