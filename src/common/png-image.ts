import { createHash } from 'node:crypto';
import { PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef } from 'pdf-lib';

/** An image XObject's data, already Flate-compressed, ready to drop into any PDF. */
export interface CompressedImage {
  width: number;
  height: number;
  bitsPerComponent: number;
  colorSpace: 'DeviceRGB' | 'DeviceGray';
  data: Uint8Array;
  /** Soft mask (alpha channel), when the PNG has transparency. */
  mask?: CompressedImage;
}

/** The bytes are not a PNG that pdf-lib can decode; the message is the decoder's reason. */
export class UnreadablePng extends Error {}

const CACHE_LIMIT = 64;
const cache = new Map<string, Promise<CompressedImage>>();

/**
 * Decodes and compresses a PNG once per distinct content. Letterhead logos are
 * the same for every letter of a unit, and decoding plus deflating them was
 * the largest cost of a render.
 */
export function compressedPng(png: Uint8Array): Promise<CompressedImage> {
  const key = createHash('sha256').update(png).digest('base64');
  let hit = cache.get(key);
  if (!hit) {
    hit = decode(png);
    hit.catch(() => cache.delete(key));
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, hit);
  }
  return hit;
}

/** pdf-lib's PNG embedder does the decoding; we keep only the compressed streams it produces. */
async function decode(png: Uint8Array): Promise<CompressedImage> {
  try {
    const doc = await PDFDocument.create();
    const image = await doc.embedPng(png);
    await image.embed();
    const stream = rawStream(doc, image.ref);
    const maskRef = stream.dict.get(PDFName.of('SMask'));
    const mask = maskRef instanceof PDFRef ? rawStream(doc, maskRef) : undefined;
    const base = { width: image.width, height: image.height, bitsPerComponent: bitsOf(stream) };
    return {
      ...base,
      colorSpace: 'DeviceRGB',
      data: stream.contents,
      mask: mask ? { ...base, bitsPerComponent: bitsOf(mask), colorSpace: 'DeviceGray', data: mask.contents } : undefined,
    };
  } catch (e) {
    throw new UnreadablePng((e as Error).message);
  }
}

function rawStream(doc: PDFDocument, ref: PDFRef): PDFRawStream {
  const stream = doc.context.lookup(ref);
  if (!(stream instanceof PDFRawStream)) throw new Error('pdf-lib produced no image stream');
  return stream;
}

function bitsOf(stream: PDFRawStream): number {
  const v = stream.dict.get(PDFName.of('BitsPerComponent'));
  return v instanceof PDFNumber ? v.asNumber() : 8;
}
