import { create } from 'qrcode';
import { Rect } from './page-canvas';

/** The public verification page a letter's QR code opens. */
export function verificationUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/verify/${encodeURIComponent(code)}`;
}

/**
 * The QR symbol as filled rectangles, one per horizontal run of dark modules:
 * vector output stays sharp when printed and costs no image encoding.
 * Level M survives a fold or a stamp over part of the code.
 */
export function qrCodeRects(text: string, x: number, y: number, size: number): Rect[] {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  const unit = size / count;
  const rects: Rect[] = [];
  for (let row = 0; row < count; row++) {
    let runStart = -1;
    for (let col = 0; col <= count; col++) {
      const dark = col < count && modules.data[row * count + col] === 1;
      if (dark && runStart < 0) runStart = col;
      if (!dark && runStart >= 0) {
        rects.push({ x: x + runStart * unit, y: y + size - (row + 1) * unit, width: (col - runStart) * unit, height: unit });
        runStart = -1;
      }
    }
  }
  return rects;
}
