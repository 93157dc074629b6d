import { createHash } from 'node:crypto';
import { DerError, DerNode, OID, TAG, bigIntegerOf, contextChild, der, expectTag, integerOf, oidOf, readDer, timeOf, tlv } from '../signing/der';
import { parseCms } from '../verification/cms-signature';

/**
 * RFC 3161 (with RFC 5816's ESSCertIDv2) on our own DER layer: the request a client
 * sends, the reply a TSA answers with, and the token (a CMS SignedData over a TSTInfo)
 * read back for the verifier.
 */

/** Digest algorithms a message imprint may use, with their output sizes. */
export const IMPRINT_DIGESTS: Record<string, { name: string; length: number }> = {
  [OID.sha256]: { name: 'sha256', length: 32 },
  [OID.sha384]: { name: 'sha384', length: 48 },
  [OID.sha512]: { name: 'sha512', length: 64 },
};

export interface TimestampRequest {
  /** OID of the digest the imprint was made with. */
  hashAlgorithm: string;
  hashedMessage: Buffer;
  policy?: string;
  nonce?: bigint;
  certReq: boolean;
  /** The request carried extensions (no TSA here accepts any). */
  hasExtensions: boolean;
}

/** PKIStatus values (RFC 3161 §2.4.2). */
export enum PkiStatus {
  Granted = 0,
  GrantedWithMods = 1,
  Rejection = 2,
  Waiting = 3,
  RevocationWarning = 4,
  RevocationNotification = 5,
}

/** PKIFailureInfo bit numbers. */
export enum PkiFailure {
  BadAlg = 0,
  BadRequest = 2,
  BadDataFormat = 5,
  TimeNotAvailable = 14,
  UnacceptedPolicy = 15,
  UnacceptedExtension = 16,
  SystemFailure = 25,
}

export interface TimestampResponse {
  status: PkiStatus;
  statusText?: string;
  failure?: PkiFailure;
  /** The TimeStampToken (a ContentInfo), when granted. */
  token?: Buffer;
}

/** What a token says, for the client's checks and the verifier. */
export interface TimestampTokenInfo {
  policy: string;
  hashAlgorithm: string;
  hashedMessage: Buffer;
  serialNumber: bigint;
  genTime: Date;
  nonce?: bigint;
  /** The TSA's certificate as the token carries it (absent when certReq was false). */
  tsaCertificatePem?: string;
  /** The TSA's signature over the TSTInfo checks with that certificate. */
  signatureValid: boolean;
  /** The DER TSTInfo (the token's signed content). */
  tstInfo: Buffer;
}

export function encodeTimestampRequest(request: Omit<TimestampRequest, 'hasExtensions'>): Buffer {
  return der.sequence(
    der.integer(1),
    messageImprint(request.hashAlgorithm, request.hashedMessage),
    ...(request.policy ? [der.oid(request.policy)] : []),
    ...(request.nonce !== undefined ? [der.integer(request.nonce)] : []),
    ...(request.certReq ? [der.boolean(true)] : []),
  );
}

/** TimeStampReq { version, messageImprint, reqPolicy?, nonce?, certReq DEFAULT FALSE, [0] extensions? }. */
export function decodeTimestampRequest(bytes: Uint8Array): TimestampRequest {
  const root = expectTag(readDer(bytes), TAG.sequence, 'TimeStampReq');
  if (root.raw.length !== bytes.length) throw new DerError('TimeStampReq: trailing bytes');
  const [version, imprint, ...rest] = root.children;
  if (integerOf(version) !== 1) throw new DerError('TimeStampReq: unsupported version');
  const { hashAlgorithm, hashedMessage } = readImprint(imprint);
  const request: TimestampRequest = { hashAlgorithm, hashedMessage, certReq: false, hasExtensions: false };
  for (const node of rest) {
    if (node.tag === TAG.oid) request.policy = oidOf(node);
    else if (node.tag === TAG.integer) request.nonce = bigIntegerOf(node);
    else if (node.tag === TAG.boolean) request.certReq = node.content[0] !== 0;
    else if (node.tag === 0xa0) request.hasExtensions = true;
    else throw new DerError('TimeStampReq: unexpected field');
  }
  return request;
}

/** TimeStampResp { PKIStatusInfo { status, statusString?, failInfo? }, timeStampToken? }. */
export function encodeTimestampResponse(response: TimestampResponse): Buffer {
  const statusInfo = der.sequence(
    der.integer(response.status),
    ...(response.statusText ? [der.sequence(der.utf8String(response.statusText))] : []),
    ...(response.failure !== undefined ? [failureBits(response.failure)] : []),
  );
  return der.sequence(statusInfo, ...(response.token ? [response.token] : []));
}

export function decodeTimestampResponse(bytes: Uint8Array): TimestampResponse {
  const root = expectTag(readDer(bytes), TAG.sequence, 'TimeStampResp');
  const statusInfo = expectTag(root.children[0], TAG.sequence, 'PKIStatusInfo');
  const response: TimestampResponse = { status: integerOf(statusInfo.children[0]) };
  for (const node of statusInfo.children.slice(1)) {
    if (node.tag === TAG.sequence) response.statusText = node.children.map((c) => c.content.toString('utf8')).join('; ');
    if (node.tag === TAG.bitString) response.failure = firstBitOf(node);
  }
  if (root.children[1]) response.token = Buffer.from(expectTag(root.children[1], TAG.sequence, 'TimeStampToken').raw);
  return response;
}

export interface TstInfoFields {
  policy: string;
  hashAlgorithm: string;
  hashedMessage: Buffer;
  serialNumber: bigint;
  genTime: Date;
  /** Accuracy in milliseconds. */
  accuracyMs?: number;
  nonce?: bigint;
}

/** TSTInfo { version 1, policy, messageImprint, serialNumber, genTime, accuracy?, ordering?, nonce?, ... }. */
export function encodeTstInfo(fields: TstInfoFields): Buffer {
  const accuracy =
    fields.accuracyMs === undefined
      ? []
      : [
          der.sequence(
            ...(fields.accuracyMs >= 1000 ? [der.integer(Math.floor(fields.accuracyMs / 1000))] : []),
            ...(fields.accuracyMs % 1000 ? [der.contextPrimitive(0, der.integer(fields.accuracyMs % 1000).subarray(2))] : []),
          ),
        ];
  return der.sequence(
    der.integer(1),
    der.oid(fields.policy),
    messageImprint(fields.hashAlgorithm, fields.hashedMessage),
    der.integer(fields.serialNumber),
    generalizedTime(fields.genTime),
    ...accuracy,
    ...(fields.nonce !== undefined ? [der.integer(fields.nonce)] : []),
  );
}

/** Reads a TimeStampToken: the TSTInfo's fields, the TSA certificate and whether its signature checks. */
export function parseTimestampToken(token: Uint8Array): TimestampTokenInfo {
  const contentInfo = expectTag(readDer(token), TAG.sequence, 'TimeStampToken');
  if (oidOf(contentInfo.children[0]) !== OID.signedData) throw new DerError('TimeStampToken: not a SignedData');
  const signedData = expectTag(contextChild(contentInfo, 0)?.children[0], TAG.sequence, 'SignedData');
  const encap = expectTag(signedData.children[2], TAG.sequence, 'EncapsulatedContentInfo');
  if (oidOf(encap.children[0]) !== OID.tstInfo) throw new DerError('TimeStampToken: the content is not a TSTInfo');
  const eContent = contextChild(encap, 0)?.children[0];
  if (!eContent) throw new DerError('TimeStampToken: no TSTInfo');
  // BER may split the OCTET STRING into chunks.
  const tstInfo = Buffer.from(eContent.tag === TAG.octetString ? eContent.content : Buffer.concat(eContent.children.map((c) => c.content)));
  const tst = expectTag(readDer(tstInfo), TAG.sequence, 'TSTInfo');
  const [version, policy, imprint, serial, genTime, ...rest] = tst.children;
  if (integerOf(version) !== 1) throw new DerError('TSTInfo: unsupported version');
  const { hashAlgorithm, hashedMessage } = readImprint(imprint);
  const nonce = rest.find((n) => n.tag === TAG.integer);

  const cms = parseCms(token);
  const contentDigest = createHash(cms.digestAlgorithm).update(tstInfo).digest();
  const signer = cms.signerCertificate;
  return {
    policy: oidOf(policy),
    hashAlgorithm,
    hashedMessage,
    serialNumber: bigIntegerOf(serial),
    genTime: timeOf(genTime),
    nonce: nonce ? bigIntegerOf(nonce) : undefined,
    tsaCertificatePem: signer?.toString(),
    signatureValid: !!signer && !!cms.messageDigest?.equals(contentDigest) && cms.verifySignature([tstInfo]),
    tstInfo,
  };
}

function messageImprint(hashAlgorithm: string, hashedMessage: Buffer): Buffer {
  return der.sequence(der.algorithm(hashAlgorithm, false), der.octetString(hashedMessage));
}

function readImprint(node: DerNode | undefined): { hashAlgorithm: string; hashedMessage: Buffer } {
  const imprint = expectTag(node, TAG.sequence, 'MessageImprint');
  const algorithm = expectTag(imprint.children[0], TAG.sequence, 'AlgorithmIdentifier');
  const hashedMessage = Buffer.from(expectTag(imprint.children[1], TAG.octetString, 'hashedMessage').content);
  return { hashAlgorithm: oidOf(algorithm.children[0]), hashedMessage };
}

/** GeneralizedTime in UTC with milliseconds, trailing zeros of the fraction dropped (RFC 3161 §2.4.2). */
function generalizedTime(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-12-03T14:07:41.120Z
  const whole = iso.slice(0, 19).replace(/[-:T]/g, '');
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return tlv(TAG.generalizedTime, Buffer.from(`${whole}${fraction ? `.${fraction}` : ''}Z`, 'latin1'));
}

/** PKIFailureInfo: a named BIT STRING with one bit set, trailing zero bits dropped (DER). */
function failureBits(bit: PkiFailure): Buffer {
  const bytes = Buffer.alloc(Math.floor(bit / 8) + 1);
  bytes[bytes.length - 1] = 0x80 >> bit % 8;
  return der.bitString(bytes, 7 - (bit % 8));
}

function firstBitOf(node: DerNode): PkiFailure | undefined {
  const bytes = node.content.subarray(1);
  for (let i = 0; i < bytes.length * 8; i++) if (bytes[Math.floor(i / 8)] & (0x80 >> i % 8)) return i as PkiFailure;
  return undefined;
}
