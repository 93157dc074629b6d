import { compressedPng } from '../pdf/png-image';
import { CadesSigner, SignatureTimestamper, buildCadesSignedData, buildTimestampedCadesSignedData, estimateCadesSize } from './cades-signed-data';
import { commonNameOf } from './certificate-facts';
import { SignRequest } from './pdf-signer';
import { digestSignedRanges, insertSignature, prepareSignature } from './signature-placeholder';

/** An unlocked signing key with its certificate and the chain to embed. */
export type SigningIdentity = CadesSigner;

/**
 * Adds one PAdES signature as an incremental update: placeholder, ByteRange digest, CMS,
 * done. With a timestamper, baseline T (the authority's token over the signature value in
 * the CMS); without, baseline B. Shared by the local-CA signer and the test BSrE gateway so
 * both produce the same kind of signature.
 */
export async function signPdfWithIdentity(pdf: Uint8Array, identity: SigningIdentity, request: SignRequest, tsa?: SignatureTimestamper): Promise<Buffer> {
  const appearance = request.appearance;
  const prepared = prepareSignature(pdf, {
    pageIndex: appearance?.pageIndex ?? 0,
    rect: appearance && [appearance.x, appearance.y, appearance.x + appearance.width, appearance.y + appearance.height],
    image: appearance?.imagePng ? await compressedPng(appearance.imagePng) : undefined,
    signingTime: request.signingTime ?? new Date(),
    signerName: commonNameOf(identity.certificate.x509),
    reason: request.reason,
    location: request.location,
    contactInfo: request.contactInfo,
    contentsCapacity: estimateCadesSize(identity) + (tsa?.reserveBytes ?? 0),
  });
  const digest = digestSignedRanges(prepared);
  const cms = tsa ? await buildTimestampedCadesSignedData(digest, identity, tsa) : buildCadesSignedData(digest, identity);
  return insertSignature(prepared, cms);
}
