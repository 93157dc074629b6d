import { KeyObject, createHash, sign as cryptoSign } from 'node:crypto';
import { CertificateFacts } from './certificate-facts';
import { OID, der, tlv } from './der';

export interface CadesSigner {
  certificate: CertificateFacts;
  /** Further certificates to embed (intermediates, root) so validators can build the chain. */
  chain: CertificateFacts[];
  privateKey: KeyObject;
}

/** Asks a timestamp authority for a token over a SHA-256 digest (see timestamp/timestamp-client.ts). */
export interface SignatureTimestamper {
  /** Bytes to reserve in /Contents for the token the authority answers with. */
  readonly reserveBytes: number;
  timestamp(sha256Digest: Buffer): Promise<Buffer>;
}

/**
 * A detached CMS SignedData for PAdES baseline B (ETSI EN 319 142-1): SHA-256,
 * signed attributes content-type, message-digest and signing-certificate-v2,
 * and deliberately no signing-time attribute (PAdES takes the time from /M).
 * RSA keys sign with PKCS#1 v1.5, the most widely verifiable scheme.
 */
export function buildCadesSignedData(documentDigest: Buffer, signer: CadesSigner): Buffer {
  const signedAttributes = cadesSignedAttributes(OID.data, documentDigest, signer.certificate);
  return encodeSignedData({ contentType: OID.data, signer, signedAttributes, signature: cryptoSign('sha256', signedAttributes, signer.privateKey) });
}

/**
 * PAdES baseline T: the baseline-B CMS with the authority's token over the signature value
 * as the unsigned attribute signature-time-stamp-token (RFC 3161 appendix A). A failing
 * authority fails the whole signature: nothing weaker is returned in its place.
 */
export async function buildTimestampedCadesSignedData(documentDigest: Buffer, signer: CadesSigner, tsa: SignatureTimestamper): Promise<Buffer> {
  const signedAttributes = cadesSignedAttributes(OID.data, documentDigest, signer.certificate);
  const signature = cryptoSign('sha256', signedAttributes, signer.privateKey);
  const token = await tsa.timestamp(createHash('sha256').update(signature).digest());
  return encodeSignedData({
    contentType: OID.data,
    signer,
    signedAttributes,
    signature,
    unsignedAttributes: [attribute(OID.signatureTimeStampToken, token)],
  });
}

/** content-type, message-digest and signing-certificate-v2, as the DER SET that is signed. */
export function cadesSignedAttributes(contentType: string, digest: Buffer, certificate: CertificateFacts): Buffer {
  return der.setOf([
    attribute(OID.contentType, der.oid(contentType)),
    attribute(OID.messageDigest, der.octetString(digest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(certificate)),
  ]);
}

export interface SignedDataParts {
  contentType: string;
  /** Encapsulated content (a TSTInfo); absent for a detached signature. */
  content?: Buffer;
  signer: CadesSigner;
  /** The DER SET the signature was made over. */
  signedAttributes: Buffer;
  signature: Buffer;
  unsignedAttributes?: Buffer[];
  /** Embed the signer's certificate and chain (default true). */
  withCertificates?: boolean;
}

/** ContentInfo { signedData, [0] SignedData } with one SignerInfo identified by issuer and serial. */
export function encodeSignedData(parts: SignedDataParts): Buffer {
  const { signer } = parts;
  const signerInfo = der.sequence(
    der.integer(1),
    der.sequence(signer.certificate.issuerName, signer.certificate.serialNumber),
    der.algorithm(OID.sha256, false),
    // [0] IMPLICIT: the same SET with its tag replaced.
    Buffer.concat([Buffer.from([0xa0]), parts.signedAttributes.subarray(1)]),
    signatureAlgorithm(signer.privateKey),
    der.octetString(parts.signature),
    ...(parts.unsignedAttributes?.length ? [tlv(0xa1, ...parts.unsignedAttributes)] : []),
  );
  const certificates = parts.withCertificates === false ? [] : [der.context(0, ...[signer.certificate, ...signer.chain].map((c) => c.der))];
  const encapsulated = parts.content
    ? der.sequence(der.oid(parts.contentType), der.context(0, der.octetString(parts.content)))
    : der.sequence(der.oid(parts.contentType));
  const signedData = der.sequence(
    // RFC 5652 §5.1: version 3 when the content is not id-data.
    der.integer(parts.contentType === OID.data ? 1 : 3),
    der.setOf([der.algorithm(OID.sha256, false)]),
    encapsulated,
    ...certificates,
    der.set(signerInfo),
  );
  return der.sequence(der.oid(OID.signedData), der.context(0, signedData));
}

export function attribute(oid: string, value: Buffer): Buffer {
  return der.sequence(der.oid(oid), der.set(value));
}

/** ESS SigningCertificateV2 with one ESSCertIDv2 (SHA-256 is the default hash, so it is omitted). */
function signingCertificateV2(cert: CertificateFacts): Buffer {
  // IssuerSerial: GeneralNames holding one directoryName ([4] EXPLICIT Name), and the serial.
  const issuerSerial = der.sequence(der.sequence(tlv(0xa4, cert.issuerName)), cert.serialNumber);
  return der.sequence(der.sequence(der.sequence(der.octetString(cert.sha256), issuerSerial)));
}

function signatureAlgorithm(key: KeyObject): Buffer {
  if (key.asymmetricKeyType === 'ec') return der.algorithm(OID.ecdsaWithSha256, false);
  return der.algorithm(OID.sha256WithRsa, true);
}

/** Upper bound of the DER size, used to size the /Contents placeholder. */
export function estimateCadesSize(signer: CadesSigner): number {
  const certs = [signer.certificate, ...signer.chain].reduce((n, c) => n + c.der.length, 0);
  const modulusBits = signer.privateKey.asymmetricKeyDetails?.modulusLength ?? 4096;
  const fixedOverhead = 1024 + 2 * signer.certificate.issuerName.length;
  return certs + Math.ceil(modulusBits / 8) + fixedOverhead;
}
