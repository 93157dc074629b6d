import { CompressedImage, compressedPng as decodedPng, UnreadablePng } from '../../common/png-image';
import { DocumentError, DocumentErrorCode } from '../documents.errors';

export type { CompressedImage } from '../../common/png-image';

/** The PNG decoded and compressed once per distinct content (common/png-image); unreadable: RENDER_INPUT_INVALID. */
export async function compressedPng(png: Uint8Array): Promise<CompressedImage> {
  try {
    return await decodedPng(png);
  } catch (e) {
    if (e instanceof UnreadablePng) throw new DocumentError(DocumentErrorCode.RENDER_INPUT_INVALID, 'The image is not a readable PNG', { reason: e.message });
    throw e;
  }
}
