import { X509Certificate, constants, createHash, verify as cryptoVerify } from 'node:crypto';
import { CertificateFacts, certificateFacts } from '../signing/certificate-facts';
import { DerError, DerNode, OID, TAG, contextChild, expectTag, integerOf, oidOf, readDer, timeOf } from '../signing/der';

/** A CMS SignedData as found in a PDF signature, with what the checks need pulled out. */
export interface ParsedCms {
  signerCertificate?: X509Certificate;
  /** Every certificate the CMS carries (the signer's included). */
  certificates: X509Certificate[];
  digestAlgorithm: string;
  /** message-digest signed attribute; absent for signatures without signed attributes. */
  messageDigest?: Buffer;
  /** signing-certificate(-v2) hash, when present. */
  essCertificateHash?: { algorithm: string; hash: Buffer };
  /** signing-time signed attribute (not used by PAdES B-B, but common in older signers). */
  signingTimeAttribute?: Date;
  timestamp?: TimestampInfo;
  /** Verifies the signature over the signed attributes (or, without them, over `content`). */
  verifySignature(content: Buffer[]): boolean;
}

export interface TimestampInfo {
  time: Date;
  /** The token's message imprint is the hash of this signature's value. */
  imprintOk: boolean;
  /** The timestamp authority's own signature over the token checks. */
  signatureOk: boolean;
  authority?: string;
}

const DIGESTS: Record<string, string> = {
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

/** Signature algorithms that name their digest; rsaEncryption/ecPublicKey take it from digestAlgorithm. */
const HASHED_SIGNATURES: Record<string, string> = {
  [OID.sha1WithRsa]: 'sha1',
  [OID.sha256WithRsa]: 'sha256',
  [OID.sha384WithRsa]: 'sha384',
  [OID.sha512WithRsa]: 'sha512',
  [OID.ecdsaWithSha256]: 'sha256',
  [OID.ecdsaWithSha384]: 'sha384',
  [OID.ecdsaWithSha512]: 'sha512',
};

function digestName(oid: string): string {
  const name = DIGESTS[oid];
  if (!name) throw new DerError(`unsupported digest algorithm ${oid}`);
  return name;
}

/**
 * ContentInfo { signedData, [0] SignedData { version, digestAlgorithms,
 * encapContentInfo, [0] certificates, [1] crls, signerInfos } } (RFC 5652).
 */
export function parseCms(bytes: Uint8Array): ParsedCms {
  const contentInfo = expectTag(readDer(bytes), TAG.sequence, 'ContentInfo');
  if (oidOf(contentInfo.children[0]) !== OID.signedData) throw new DerError('the signature is not a CMS SignedData');
  const signedData = expectTag(contextChild(contentInfo, 0)?.children[0], TAG.sequence, 'SignedData');
  const certificates = (contextChild(signedData, 0)?.children ?? []).filter((c) => c.tag === TAG.sequence).map((c) => certificateFacts(c.raw));
  const signerInfos = expectTag(signedData.children[signedData.children.length - 1], TAG.set, 'signerInfos');
  const signerInfo = expectTag(signerInfos.children[0], TAG.sequence, 'SignerInfo');
  return parseSignerInfo(signerInfo, certificates);
}

function parseSignerInfo(signerInfo: DerNode, certificates: CertificateFacts[]): ParsedCms {
  const [, sid, digestAlg] = signerInfo.children;
  const signedAttrs = signerInfo.children.find((c) => c.tag === 0xa0);
  const rest = signerInfo.children.slice(signedAttrs ? 4 : 3);
  const [signatureAlg, signatureValue] = rest;
  const unsignedAttrs = signerInfo.children.find((c) => c.tag === 0xa1);
  const signer = certificates.find((c) => identifies(sid, c));
  const digestAlgorithm = digestName(oidOf(digestAlg.children[0]));
  const signature = Buffer.from(expectTag(signatureValue, TAG.octetString, 'signature').content);
  const attr = (oid: string) => signedAttrs?.children.find((a) => oidOf(a.children[0]) === oid)?.children[1]?.children[0];
  const messageDigest = attr(OID.messageDigest);
  const signingTime = attr(OID.signingTime);

  return {
    signerCertificate: signer?.x509,
    certificates: certificates.map((c) => c.x509),
    digestAlgorithm,
    messageDigest: messageDigest ? Buffer.from(expectTag(messageDigest, TAG.octetString, 'message-digest').content) : undefined,
    essCertificateHash: essHash(attr(OID.signingCertificateV2), 'v2') ?? essHash(attr(OID.signingCertificate), 'v1'),
    signingTimeAttribute: signingTime ? timeOf(signingTime) : undefined,
    timestamp: unsignedAttrs ? timestampOf(unsignedAttrs, signature) : undefined,
    verifySignature: (content) => {
      if (!signer) return false;
      // Signed attributes are signed as a SET: the [0] IMPLICIT tag is replaced by 0x31.
      const data = signedAttrs ? [Buffer.concat([Buffer.from([TAG.set]), signedAttrs.raw.subarray(1)])] : content;
      return verifyWith(signer.x509, signatureAlg, digestAlgorithm, Buffer.concat(data), signature);
    },
  };
}

/** sid: IssuerAndSerialNumber, or [0] SubjectKeyIdentifier. */
function identifies(sid: DerNode, cert: CertificateFacts): boolean {
  if (sid.tag === TAG.sequence) {
    const [issuer, serial] = sid.children;
    return serial.raw.equals(cert.serialNumber) && issuer.raw.equals(cert.issuerName);
  }
  if (sid.tag === 0x80) return sid.content.equals(cert.subjectKeyId ?? cert.publicKeyId);
  return false;
}

function verifyWith(cert: X509Certificate, algorithm: DerNode, digest: string, data: Buffer, signature: Buffer): boolean {
  const oid = oidOf(algorithm.children[0]);
  try {
    if (oid === OID.rsassaPss) {
      const pss = pssParameters(algorithm.children[1]);
      return cryptoVerify(pss.hash, data, { key: cert.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength }, signature);
    }
    return cryptoVerify(HASHED_SIGNATURES[oid] ?? digest, data, cert.publicKey, signature);
  } catch {
    return false;
  }
}

/** RSASSA-PSS-params { [0] hashAlgorithm DEFAULT sha1, [1] maskGen, [2] saltLength DEFAULT 20 }. */
function pssParameters(params: DerNode | undefined): { hash: string; saltLength: number } {
  const hashAlg = params ? contextChild(params, 0)?.children[0] : undefined;
  const salt = params ? contextChild(params, 2)?.children[0] : undefined;
  return { hash: hashAlg ? digestName(oidOf(hashAlg.children[0])) : 'sha1', saltLength: salt ? integerOf(salt) : 20 };
}

/** SigningCertificate(V2) { certs SEQUENCE OF ESSCertID(v2) { [hashAlgorithm,] certHash, ... } }. */
function essHash(value: DerNode | undefined, version: 'v1' | 'v2'): ParsedCms['essCertificateHash'] {
  const first = value?.children[0]?.children[0];
  if (!first) return undefined;
  const [a, b] = first.children;
  if (a?.tag === TAG.octetString) return { algorithm: version === 'v1' ? 'sha1' : 'sha256', hash: Buffer.from(a.content) };
  if (version === 'v2' && a?.tag === TAG.sequence && b?.tag === TAG.octetString) {
    return { algorithm: digestName(oidOf(a.children[0])), hash: Buffer.from(b.content) };
  }
  return undefined;
}

/**
 * A signature timestamp (PAdES B-T, as BSrE adds): a CMS whose content is a
 * TSTInfo { version, policy, messageImprint { hashAlgorithm, hashedMessage }, serial, genTime, ... }
 * over the hash of this signature's value.
 */
function timestampOf(unsignedAttrs: DerNode, signature: Buffer): TimestampInfo | undefined {
  const token = unsignedAttrs.children.find((a) => oidOf(a.children[0]) === OID.signatureTimeStampToken)?.children[1]?.children[0];
  if (!token) return undefined;
  try {
    const signedData = contextChild(token, 0)!.children[0];
    const encap = signedData.children[2];
    const eContent = contextChild(encap, 0)!.children[0];
    // BER may split the OCTET STRING into chunks.
    const tstBytes = eContent.tag === TAG.octetString ? eContent.content : Buffer.concat(eContent.children.map((c) => c.content));
    const tst = readDer(tstBytes);
    const [, , imprint, , genTime] = tst.children;
    const expected = createHash(digestName(oidOf(imprint.children[0].children[0]))).update(signature).digest();
    const tokenCms = parseCms(token.raw);
    const contentDigest = createHash(tokenCms.digestAlgorithm).update(tstBytes).digest();
    return {
      time: timeOf(genTime),
      imprintOk: expected.equals(imprint.children[1].content),
      signatureOk: !!tokenCms.messageDigest?.equals(contentDigest) && tokenCms.verifySignature([tstBytes]),
      authority: tokenCms.signerCertificate?.subject.replace(/\n/g, ', '),
    };
  } catch {
    return undefined;
  }
}
