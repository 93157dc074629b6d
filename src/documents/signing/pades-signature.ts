import { compressedPng } from '../pdf/png-image';
import { CadesSigner, buildCadesSignedData, estimateCadesSize } from './cades-signed-data';
import { commonNameOf } from './certificate-facts';
import { SignRequest } from './pdf-signer';
import { digestSignedRanges, insertSignature, prepareSignature } from './signature-placeholder';

/** An unlocked signing key with its certificate and the chain to embed. */
export type SigningIdentity = CadesSigner;

/**
 * Adds one PAdES baseline-B signature as an incremental update: placeholder,
 * ByteRange digest, CMS, done. Shared by the local-CA signer and the test BSrE
 * gateway so both produce the same kind of signature.
 */
export async function signPdfWithIdentity(pdf: Uint8Array, identity: SigningIdentity, request: SignRequest): Promise<Buffer> {
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
    contentsCapacity: estimateCadesSize(identity),
  });
  const cms = buildCadesSignedData(digestSignedRanges(prepared), identity);
  return insertSignature(prepared, cms);
}
