import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Esurat-Signature';
export const TIMESTAMP_HEADER = 'X-Esurat-Timestamp';
export const EVENT_ID_HEADER = 'X-Esurat-Event-Id';
export const EVENT_TYPE_HEADER = 'X-Esurat-Event-Type';

/**
 * `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. The timestamp (Unix seconds,
 * sent in X-Esurat-Timestamp) is inside the MAC, so a receiver that refuses old timestamps
 * refuses replays. clients/ts/src/webhook-signature.ts verifies it on the module's side.
 */
export function signWebhook(secret: string, timestamp: number, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`, 'utf8');
  mac.update(rawBody);
  return `sha256=${mac.digest('hex')}`;
}

export function webhookSignatureMatches(secret: string, timestamp: number, rawBody: string | Buffer, header: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
