import { createHmac, timingSafeEqual } from 'node:crypto';

export interface VerifyOptions {
  /** Refuse timestamps further than this from now (replays). Default 300 s. */
  toleranceSeconds?: number;
  /** For tests: the current time in seconds. */
  nowSeconds?: number;
}

/**
 * Deprecated: use `verifyWebhook` (Standard Webhooks headers). The X-Esurat-* headers are sent
 * for one more release. Checks a webhook: `header` is X-Esurat-Signature (`sha256=<hex>`), `timestamp` is
 * X-Esurat-Timestamp, `rawBody` the body exactly as received (before any JSON parsing).
 * The MAC covers `${timestamp}.${rawBody}`, so an old request replayed is refused by the
 * tolerance check. Returns true only when both hold.
 */
export function verifyWebhookSignature(secret: string, timestamp: string | number, rawBody: string | Uint8Array, header: string | undefined, options: VerifyOptions = {}): boolean {
  if (!header || !header.startsWith('sha256=')) return false;
  const ts = Number(timestamp);
  if (!Number.isInteger(ts)) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - ts) > (options.toleranceSeconds ?? 300)) return false;
  const mac = createHmac('sha256', secret);
  mac.update(`${ts}.`, 'utf8');
  mac.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody);
  const expected = Buffer.from(`sha256=${mac.digest('hex')}`);
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
