import { createHash } from 'node:crypto';
import { CertificateFacts } from '../signing/certificate-facts';
import { DerError, DerNode, TAG, der, readDer, tlv } from '../signing/der';

/** Object identifiers of RFC 5280 (CRLs, extensions) and RFC 6960 (OCSP). */
export const PKI_OID = {
  cRLDistributionPoints: '2.5.29.31',
  cRLNumber: '2.5.29.20',
  reasonCode: '2.5.29.21',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  extKeyUsage: '2.5.29.37',
  ocsp: '1.3.6.1.5.5.7.48.1',
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
  caIssuers: '1.3.6.1.5.5.7.48.2',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** RFC 5280 §5.3.1 CRLReason. */
export enum RevocationReason {
  unspecified = 0,
  keyCompromise = 1,
  cACompromise = 2,
  affiliationChanged = 3,
  superseded = 4,
  cessationOfOperation = 5,
  certificateHold = 6,
  privilegeWithdrawn = 9,
}

export const REVOCATION_REASON_NAMES = {
  unspecified: RevocationReason.unspecified,
  keyCompromise: RevocationReason.keyCompromise,
  affiliationChanged: RevocationReason.affiliationChanged,
  superseded: RevocationReason.superseded,
  cessationOfOperation: RevocationReason.cessationOfOperation,
  privilegeWithdrawn: RevocationReason.privilegeWithdrawn,
} as const;
export type RevocationReasonName = keyof typeof REVOCATION_REASON_NAMES;

/** GeneralizedTime without fractions, as OCSP and CRLs after 2049 carry it. */
export function generalizedTime(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return tlv(TAG.generalizedTime, Buffer.from(`${iso}Z`));
}

export function enumerated(value: number): Buffer {
  return tlv(0x0a, Buffer.from([value]));
}

export function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.oid(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

/** GeneralName uniformResourceIdentifier [6] IA5String. */
export function uriName(uri: string): Buffer {
  return der.contextPrimitive(6, Buffer.from(uri, 'ascii'));
}

/** A serial number INTEGER from the hex Node's X509Certificate gives. */
export function serialFromHex(hex: string): Buffer {
  const clean = hex.replace(/[^0-9a-f]/gi, '');
  return der.integer(Buffer.from(clean.length % 2 ? `0${clean}` : clean, 'hex'));
}

/** Serial INTEGER content as lowercase hex without leading zero bytes: the key we compare by. */
export function serialKey(integer: DerNode | Buffer): string {
  const content = Buffer.isBuffer(integer) ? integer : integer.content;
  let bytes = content;
  while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
  return bytes.toString('hex').toUpperCase();
}

/** The subjectPublicKey bits of a certificate (what OCSP's issuerKeyHash hashes). */
export function publicKeyBits(cert: CertificateFacts): Buffer {
  const tbs = readTbs(cert);
  const spki = tbs[6];
  if (!spki || spki.children[1]?.tag !== TAG.bitString) throw new DerError('certificate without a public key');
  return Buffer.from(spki.children[1].content.subarray(1));
}

/** TBSCertificate fields with the optional [0] version slot always present (index 6 is the SPKI). */
function readTbs(cert: CertificateFacts): (DerNode | undefined)[] {
  const tbs = readDer(cert.der).children[0];
  return tbs.children[0].tag === 0xa0 ? tbs.children : [undefined, ...tbs.children];
}

export function hashName(oid: string): 'sha1' | 'sha256' | 'sha384' | 'sha512' {
  switch (oid) {
    case PKI_OID.sha1:
      return 'sha1';
    case PKI_OID.sha256:
      return 'sha256';
    case '2.16.840.1.101.3.4.2.2':
      return 'sha384';
    case '2.16.840.1.101.3.4.2.3':
      return 'sha512';
    default:
      throw new DerError(`unsupported hash algorithm ${oid}`);
  }
}

export const digest = (alg: string, data: Uint8Array): Buffer => createHash(alg).update(data).digest();

/** Where the deployment CA publishes, under PUBLIC_URL. */
export function pkiUrls(publicUrl: string): { crl: string; ocsp: string; caIssuers: string; caPem: string } {
  const base = publicUrl.replace(/\/+$/, '');
  return { crl: `${base}/pki/crl`, ocsp: `${base}/pki/ocsp`, caIssuers: `${base}/pki/ca.crt`, caPem: `${base}/pki/ca.pem` };
}

/** CRL distribution point and authority information access (OCSP, caIssuers) of a certificate the deployment CA issues. */
export function revocationPointers(publicUrl: string): Buffer[] {
  const urls = pkiUrls(publicUrl);
  return [
    // DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames } }
    extension(PKI_OID.cRLDistributionPoints, false, der.sequence(der.sequence(der.context(0, der.context(0, uriName(urls.crl)))))),
    extension(
      PKI_OID.authorityInfoAccess,
      false,
      der.sequence(der.sequence(der.oid(PKI_OID.ocsp), uriName(urls.ocsp)), der.sequence(der.oid(PKI_OID.caIssuers), uriName(urls.caIssuers))),
    ),
  ];
}
