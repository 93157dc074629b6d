import { SignatureTimestamper } from '../signing/cades-signed-data';
import { digestSignedRanges, insertSignature, prepareSignature } from '../signing/signature-placeholder';

/**
 * Appends a document timestamp (the building block of PAdES B-LTA) as one incremental
 * update: an invisible signature field whose value is /Type /DocTimeStamp with /SubFilter
 * /ETSI.RFC3161, /Contents the authority's TimeStampToken over the SHA-256 of the ByteRange.
 * Every earlier signature stays valid. The authority failing fails the call (TSA_UNAVAILABLE
 * and the like) and `pdf` is left as it was.
 */
export async function appendDocumentTimestamp(pdf: Uint8Array, tsa: SignatureTimestamper): Promise<Buffer> {
  const prepared = prepareSignature(pdf, {
    pageIndex: 0,
    signingTime: new Date(),
    contentsCapacity: tsa.reserveBytes,
    documentTimestamp: true,
  });
  const token = await tsa.timestamp(digestSignedRanges(prepared));
  return insertSignature(prepared, token);
}
