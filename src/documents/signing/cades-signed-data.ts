import { KeyObject, sign as cryptoSign } from 'node:crypto';
import { CertificateFacts } from './certificate-facts';
import { OID, der, tlv } from './der';

export interface CadesSigner {
  certificate: CertificateFacts;
  /** Further certificates to embed (intermediates, root) so validators can build the chain. */
  chain: CertificateFacts[];
  privateKey: KeyObject;
}

/**
 * A detached CMS SignedData for PAdES baseline B (ETSI EN 319 142-1): SHA-256,
 * signed attributes content-type, message-digest and signing-certificate-v2,
 * and deliberately no signing-time attribute (PAdES takes the time from /M).
 * RSA keys sign with PKCS#1 v1.5, the most widely verifiable scheme.
 */
export function buildCadesSignedData(documentDigest: Buffer, signer: CadesSigner): Buffer {
  const signedAttributes = der.setOf([
    attribute(OID.contentType, der.oid(OID.data)),
    attribute(OID.messageDigest, der.octetString(documentDigest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(signer.certificate)),
  ]);
  const signature = cryptoSign('sha256', signedAttributes, signer.privateKey);

  const signerInfo = der.sequence(
    der.integer(1),
    der.sequence(signer.certificate.issuerName, signer.certificate.serialNumber),
    der.algorithm(OID.sha256, false),
    // [0] IMPLICIT: the same SET with its tag replaced.
    Buffer.concat([Buffer.from([0xa0]), signedAttributes.subarray(1)]),
    signatureAlgorithm(signer.privateKey),
    der.octetString(signature),
  );
  const certificates = [signer.certificate, ...signer.chain].map((c) => c.der);
  const signedData = der.sequence(
    der.integer(1),
    der.setOf([der.algorithm(OID.sha256, false)]),
    der.sequence(der.oid(OID.data)),
    der.context(0, ...certificates),
    der.set(signerInfo),
  );
  return der.sequence(der.oid(OID.signedData), der.context(0, signedData));
}

function attribute(oid: string, value: Buffer): Buffer {
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
