import { inflateSync } from 'node:zlib';
import { PdfDict, PdfName, PdfStream, PdfValue } from './pdf-objects';

/**
 * Decodes the streams the reader itself must look inside (cross-reference and
 * object streams): FlateDecode with or without a PNG predictor, or no filter.
 */
export function decodeStream(stream: PdfStream): Uint8Array {
  const filters = asArray(stream.dict.get('Filter'));
  const params = asArray(stream.dict.get('DecodeParms'));
  let data: Uint8Array = stream.data;
  filters.forEach((filter, i) => {
    if (!(filter instanceof PdfName) || (filter.value !== 'FlateDecode' && filter.value !== 'Fl')) {
      throw new Error(`unsupported stream filter ${String((filter as PdfName)?.value ?? filter)}`);
    }
    data = inflate(data);
    const p = params[i];
    if (p instanceof PdfDict) data = undoPredictor(data, p);
  });
  return data;
}

function asArray(v: PdfValue | undefined): PdfValue[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Some writers leave the zlib stream without its checksum; accept what was inflated. */
function inflate(data: Uint8Array): Uint8Array {
  try {
    return inflateSync(data);
  } catch {
    return inflateSync(data, { finishFlush: 2 /* Z_SYNC_FLUSH */ });
  }
}

function undoPredictor(data: Uint8Array, params: PdfDict): Uint8Array {
  const predictor = numberOr(params.get('Predictor'), 1);
  if (predictor < 10) {
    if (predictor !== 1) throw new Error(`unsupported predictor ${predictor}`);
    return data;
  }
  const colors = numberOr(params.get('Colors'), 1);
  const bpc = numberOr(params.get('BitsPerComponent'), 8);
  const columns = numberOr(params.get('Columns'), 1);
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLength = Math.ceil((colors * bpc * columns) / 8);
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = new Uint8Array(rows * rowLength);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLength + 1)];
    const src = r * (rowLength + 1) + 1;
    const dst = r * rowLength;
    for (let i = 0; i < rowLength; i++) {
      const left = i >= bpp ? out[dst + i - bpp] : 0;
      const up = r > 0 ? out[dst + i - rowLength] : 0;
      const upLeft = r > 0 && i >= bpp ? out[dst + i - rowLength - bpp] : 0;
      out[dst + i] = (data[src + i] + pngPrediction(type, left, up, upLeft)) & 0xff;
    }
  }
  return out;
}

function pngPrediction(type: number, left: number, up: number, upLeft: number): number {
  switch (type) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - upLeft;
      const pa = Math.abs(p - left);
      const pb = Math.abs(p - up);
      const pc = Math.abs(p - upLeft);
      if (pa <= pb && pa <= pc) return left;
      return pb <= pc ? up : upLeft;
    }
    default:
      throw new Error(`bad PNG predictor row type ${type}`);
  }
}

function numberOr(v: PdfValue | undefined, fallback: number): number {
  return typeof v === 'number' ? v : fallback;
}
