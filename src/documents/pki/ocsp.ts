import { KeyObject, X509Certificate, sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import { CertificateFacts } from '../signing/certificate-facts';
import { DerError, DerNode, OID, TAG, contextChild, der, expectTag, oidOf, readDer, timeOf } from '../signing/der';
import { PKI_OID, RevocationReason, digest, enumerated, extension, generalizedTime, hashName, publicKeyBits, serialKey } from './pki-asn1';

/** RFC 6960 §4.2.1 OCSPResponseStatus. */
export enum OcspResponseStatus {
  successful = 0,
  malformedRequest = 1,
  internalError = 2,
  tryLater = 3,
  unauthorized = 6,
}

export interface CertId {
  /** The CertID element as the request carried it (answered byte for byte). */
  raw: Buffer;
  hashAlgorithm: string;
  issuerNameHash: Buffer;
  issuerKeyHash: Buffer;
  serial: string;
}

export interface OcspRequest {
  certIds: CertId[];
  /** The nonce extension's extnValue, byte for byte (echoed in the response). */
  nonce?: Buffer;
}

export type CertStatus = { status: 'good' } | { status: 'revoked'; revokedAt: Date; reason: RevocationReason } | { status: 'unknown' };

/** OCSPRequest { tbsRequest { [0] version, [1] requestorName, requestList, [2] requestExtensions }, [0] signature }. */
export function parseOcspRequest(bytes: Uint8Array): OcspRequest {
  const request = expectTag(readDer(bytes), TAG.sequence, 'OCSPRequest');
  if (request.raw.length !== bytes.length) throw new DerError('trailing bytes after the OCSP request');
  const tbs = expectTag(request.children[0], TAG.sequence, 'TBSRequest');
  const list = expectTag(tbs.children.find((c) => c.tag === TAG.sequence), TAG.sequence, 'requestList');
  if (list.children.length === 0 || list.children.length > 16) throw new DerError('an OCSP request asks for 1 to 16 certificates');
  const certIds = list.children.map((r) => parseCertId(expectTag(r.children[0], TAG.sequence, 'CertID')));
  const exts = contextChild(tbs, 2)?.children[0];
  const nonceExt = exts?.children.find((e) => oidOf(e.children[0]) === PKI_OID.ocspNonce);
  const nonce = nonceExt ? Buffer.from(nonceExt.children[nonceExt.children.length - 1].content) : undefined;
  if (nonce && nonce.length > 128) throw new DerError('OCSP nonce too long');
  return { certIds, nonce };
}

function parseCertId(node: DerNode): CertId {
  const [alg, nameHash, keyHash, serial] = node.children;
  return {
    raw: Buffer.from(node.raw),
    hashAlgorithm: hashName(oidOf(alg.children[0])),
    issuerNameHash: Buffer.from(expectTag(nameHash, TAG.octetString, 'issuerNameHash').content),
    issuerKeyHash: Buffer.from(expectTag(keyHash, TAG.octetString, 'issuerKeyHash').content),
    serial: serialKey(expectTag(serial, TAG.integer, 'serialNumber')),
  };
}

/** Whether a CertID names a certificate issued by `issuer`. */
export function certIdIssuedBy(id: CertId, issuer: CertificateFacts): boolean {
  return digest(id.hashAlgorithm, issuer.subjectName).equals(id.issuerNameHash) && digest(id.hashAlgorithm, publicKeyBits(issuer)).equals(id.issuerKeyHash);
}

/** A CertID for `cert` issued by `issuer`, SHA-1 as most clients send it. */
export function certIdFor(cert: CertificateFacts, issuer: CertificateFacts): Buffer {
  return der.sequence(
    der.algorithm(PKI_OID.sha1, true),
    der.octetString(digest('sha1', issuer.subjectName)),
    der.octetString(digest('sha1', publicKeyBits(issuer))),
    cert.serialNumber,
  );
}

export function buildOcspRequest(certIds: Buffer[], nonce?: Buffer): Buffer {
  const requests = certIds.map((id) => der.sequence(id));
  const exts = nonce ? [der.context(2, der.sequence(extension(PKI_OID.ocspNonce, false, der.octetString(nonce))))] : [];
  return der.sequence(der.sequence(der.sequence(...requests), ...exts));
}

export interface OcspAnswer {
  certId: Buffer;
  status: CertStatus;
}

export interface OcspResponseInput {
  /** The CA answering for its own certificates (RFC 6960 §4.2.2.2: the CA itself may sign). */
  responder: CertificateFacts;
  responderKey: KeyObject;
  answers: OcspAnswer[];
  producedAt: Date;
  nextUpdate: Date;
  nonce?: Buffer;
}

export function buildOcspResponse(input: OcspResponseInput): Buffer {
  const single = input.answers.map((a) =>
    der.sequence(
      a.certId,
      certStatus(a.status),
      generalizedTime(input.producedAt),
      der.context(0, generalizedTime(input.nextUpdate)),
    ),
  );
  const tbs = der.sequence(
    der.context(2, der.octetString(digest('sha1', publicKeyBits(input.responder)))), // responderID byKey
    generalizedTime(input.producedAt),
    der.sequence(...single),
    ...(input.nonce ? [der.context(1, der.sequence(extension(PKI_OID.ocspNonce, false, input.nonce)))] : []),
  );
  const algorithm = der.algorithm(OID.sha256WithRsa, true);
  const basic = der.sequence(tbs, algorithm, der.bitString(cryptoSign('sha256', tbs, input.responderKey)));
  return der.sequence(enumerated(OcspResponseStatus.successful), der.context(0, der.sequence(der.oid(PKI_OID.ocspBasic), der.octetString(basic))));
}

export function ocspError(status: OcspResponseStatus): Buffer {
  return der.sequence(enumerated(status));
}

function certStatus(status: CertStatus): Buffer {
  if (status.status === 'good') return der.contextPrimitive(0, Buffer.alloc(0));
  if (status.status === 'unknown') return der.contextPrimitive(2, Buffer.alloc(0));
  const reason = status.reason === RevocationReason.unspecified ? [] : [der.context(0, enumerated(status.reason))];
  return der.context(1, generalizedTime(status.revokedAt), ...reason);
}

export interface ParsedOcspResponse {
  raw: Buffer;
  status: OcspResponseStatus;
  producedAt?: Date;
  responses: { certId: CertId; status: CertStatus; thisUpdate: Date; nextUpdate?: Date }[];
  /** Certificates the response carries (a delegated responder's). */
  certificates: Buffer[];
  nonce?: Buffer;
  verify(responder: X509Certificate): boolean;
}

export function parseOcspResponse(bytes: Uint8Array): ParsedOcspResponse {
  const root = expectTag(readDer(bytes), TAG.sequence, 'OCSPResponse');
  const status = root.children[0].content[0] as OcspResponseStatus;
  const raw = Buffer.from(root.raw);
  const empty = { raw, status, responses: [], certificates: [], verify: () => false };
  const responseBytes = contextChild(root, 0)?.children[0];
  if (status !== OcspResponseStatus.successful || !responseBytes) return empty;
  if (oidOf(responseBytes.children[0]) !== PKI_OID.ocspBasic) return empty;
  const basic = readDer(responseBytes.children[1].content);
  const [tbs, alg, signature] = basic.children;
  const fields = tbs.children[0].tag === 0xa0 ? tbs.children.slice(1) : tbs.children;
  const [, producedAt, list, extsWrap] = fields;
  const exts = extsWrap?.tag === 0xa1 ? extsWrap.children[0] : undefined;
  const nonceExt = exts?.children.find((e) => oidOf(e.children[0]) === PKI_OID.ocspNonce);
  return {
    raw,
    status,
    producedAt: timeOf(producedAt),
    responses: list.children.map((s) => {
      const [id, st, thisUpdate, ...more] = s.children;
      const next = more.find((n) => n.tag === 0xa0);
      return { certId: parseCertId(id), status: parseStatus(st), thisUpdate: timeOf(thisUpdate), nextUpdate: next ? timeOf(next.children[0]) : undefined };
    }),
    certificates: (contextChild(basic, 0)?.children[0]?.children ?? []).map((c) => Buffer.from(c.raw)),
    nonce: nonceExt ? Buffer.from(nonceExt.children[nonceExt.children.length - 1].content) : undefined,
    verify: (responder) => {
      try {
        const oid = oidOf(alg.children[0]);
        const hash = oid === OID.sha1WithRsa ? 'sha1' : oid === OID.sha384WithRsa ? 'sha384' : oid === OID.sha512WithRsa ? 'sha512' : 'sha256';
        return cryptoVerify(hash, tbs.raw, responder.publicKey, signature.content.subarray(1));
      } catch {
        return false;
      }
    },
  };
}

function parseStatus(node: DerNode): CertStatus {
  if (node.tag === 0x80) return { status: 'good' };
  if (node.tag === 0xa1) {
    const reason = contextChild(node, 0)?.children[0];
    return { status: 'revoked', revokedAt: timeOf(node.children[0]), reason: (reason?.content[0] ?? 0) as RevocationReason };
  }
  return { status: 'unknown' };
}
