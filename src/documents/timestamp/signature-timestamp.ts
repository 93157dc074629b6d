import { createHash } from 'node:crypto';
import { DocumentError, DocumentErrorCode } from '../documents.errors';
import { SignatureTimestamper, attribute } from '../signing/cades-signed-data';
import { DerError, DerNode, OID, TAG, contextChild, der, expectTag, oidOf, readDer, tlv } from '../signing/der';
import { appendDocumentTimestamp } from './document-timestamp';

/**
 * Makes the newest signature of `pdf` (one another signer made, e.g. BSrE) baseline T: kept as
 * it is when its CMS already carries a signature timestamp; else the authority's token over
 * its signature value is added to its unsigned attributes, in place (/Contents is outside the
 * ByteRange, and unsigned attributes are outside what the signer signed). When the signer's
 * /Contents has no room left for the token, a document timestamp is appended instead, which
 * ETSI EN 319 142-1 accepts for B-T as well.
 */
export async function ensureSignatureTimestamp(pdf: Buffer, tsa: SignatureTimestamper): Promise<Buffer> {
  const slot = lastSignatureContents(pdf);
  let updated: Buffer;
  try {
    const cms = readDer(Buffer.from(pdf.toString('latin1', slot.start, slot.end), 'hex'));
    const signerInfo = firstSignerInfo(cms);
    if (hasSignatureTimestamp(signerInfo)) return pdf;
    const signature = signatureValue(signerInfo);
    const token = await tsa.timestamp(createHash('sha256').update(signature).digest());
    updated = withSignerInfo(cms, withUnsignedAttribute(signerInfo, attribute(OID.signatureTimeStampToken, token)));
  } catch (err) {
    if (!(err instanceof DerError)) throw err;
    throw new DocumentError(DocumentErrorCode.BSRE_BAD_RESPONSE, 'The signature in the signed document cannot be read', { reason: err.message });
  }
  const hex = updated.toString('hex');
  if (hex.length > slot.end - slot.start) return appendDocumentTimestamp(pdf, tsa);
  const out = Buffer.from(pdf);
  out.write(hex.padEnd(slot.end - slot.start, '0'), slot.start, 'latin1');
  return out;
}

/** The hex digits of the /Contents of the signature whose /ByteRange comes last in the file. */
function lastSignatureContents(pdf: Buffer): { start: number; end: number } {
  const text = pdf.toString('latin1');
  const matches = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = matches[matches.length - 1];
  const [a, b, c] = last ? last.slice(1, 4).map(Number) : [];
  if (!last || a !== 0 || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e || c > pdf.length) {
    throw new DocumentError(DocumentErrorCode.BSRE_BAD_RESPONSE, 'The signed document has no readable signature');
  }
  return { start: b + 1, end: c - 1 };
}

function signedDataOf(cms: DerNode): DerNode {
  if (oidOf(cms.children[0]) !== OID.signedData) throw new DerError('not a CMS SignedData');
  return expectTag(contextChild(cms, 0)?.children[0], TAG.sequence, 'SignedData');
}

function firstSignerInfo(cms: DerNode): DerNode {
  const signedData = signedDataOf(cms);
  const signerInfos = expectTag(signedData.children[signedData.children.length - 1], TAG.set, 'signerInfos');
  return expectTag(signerInfos.children[0], TAG.sequence, 'SignerInfo');
}

function hasSignatureTimestamp(signerInfo: DerNode): boolean {
  const unsigned = signerInfo.children.find((c) => c.tag === 0xa1);
  return !!unsigned?.children.some((a) => oidOf(a.children[0]) === OID.signatureTimeStampToken);
}

/** SignerInfo { version, sid, digestAlgorithm, [0] signedAttrs?, signatureAlgorithm, signature, [1] unsignedAttrs? }. */
function signatureValue(signerInfo: DerNode): Buffer {
  const rest = signerInfo.children.slice(signerInfo.children[3]?.tag === 0xa0 ? 5 : 4);
  return Buffer.from(expectTag(rest[0], TAG.octetString, 'signature').content);
}

function withUnsignedAttribute(signerInfo: DerNode, added: Buffer): Buffer {
  const kept = signerInfo.children.filter((c) => c.tag !== 0xa1).map((c) => c.raw);
  const existing = signerInfo.children.find((c) => c.tag === 0xa1)?.children.map((c) => c.raw) ?? [];
  return der.sequence(...kept, tlv(0xa1, ...existing, added));
}

/** The same ContentInfo with the first SignerInfo replaced; every other element byte for byte. */
function withSignerInfo(cms: DerNode, signerInfo: Buffer): Buffer {
  const signedData = signedDataOf(cms);
  const signerInfos = signedData.children[signedData.children.length - 1];
  const rebuilt = der.sequence(...signedData.children.slice(0, -1).map((c) => c.raw), der.set(signerInfo, ...signerInfos.children.slice(1).map((c) => c.raw)));
  return der.sequence(cms.children[0].raw, der.context(0, rebuilt));
}
