import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookEvent } from './types';

export interface StandardVerifyOptions {
  /** Refuse timestamps further than this from now (replays). Default 300 s, as the official libraries. */
  toleranceSeconds?: number;
  /** For tests: the current time in seconds. */
  nowSeconds?: number;
}

export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(found) ? found[0] : found;
};

/**
 * Verifies a delivery as Standard Webhooks do (standardwebhooks.com; the official
 * `standardwebhooks` package does the same): `webhook-signature` holds one or more
 * `v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")>`, space-separated
 * (two during a secret rotation), the key being the bytes of `whsec_<base64>`. Returns the parsed
 * event; throws WebhookVerificationError when a header is missing, the timestamp is outside the
 * tolerance or no signature matches. `rawBody` is the body exactly as received.
 */
export function verifyWebhook(secret: string, headers: Record<string, string | string[] | undefined>, rawBody: string | Uint8Array, options: StandardVerifyOptions = {}): WebhookEvent {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError('Missing webhook-id, webhook-timestamp or webhook-signature');
  const ts = Number(timestamp);
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (!/^\d+$/.test(timestamp) || Math.abs(now - ts) > (options.toleranceSeconds ?? 300)) throw new WebhookVerificationError('Message timestamp outside the tolerance');
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(`v1,${createHmac('sha256', key).update(`${id}.${ts}.`, 'utf8').update(body).digest('base64')}`);
  const matches = signatures.split(' ').some((given) => {
    const candidate = Buffer.from(given);
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
  if (!matches) throw new WebhookVerificationError('No matching signature found');
  return JSON.parse(body.toString('utf8')) as WebhookEvent;
}
