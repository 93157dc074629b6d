import { createHmac, timingSafeEqual } from 'node:crypto';

/** Standard Webhooks (standardwebhooks.com): what every delivery carries. */
export const STANDARD_ID_HEADER = 'webhook-id';
export const STANDARD_TIMESTAMP_HEADER = 'webhook-timestamp';
export const STANDARD_SIGNATURE_HEADER = 'webhook-signature';

/** Deprecated: e-Surat's own scheme, still sent for one release beside the standard headers. */
export const SIGNATURE_HEADER = 'X-Esurat-Signature';
export const TIMESTAMP_HEADER = 'X-Esurat-Timestamp';
export const EVENT_ID_HEADER = 'X-Esurat-Event-Id';
export const EVENT_TYPE_HEADER = 'X-Esurat-Event-Type';

export const SECRET_PREFIX = 'whsec_';

/** The HMAC key of a `whsec_<standard base64>` secret: the decoded bytes, as the official libraries take it. */
export function standardWebhookKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new Error('A webhook secret is whsec_ followed by standard base64');
  return Buffer.from(encoded, 'base64');
}

/** `v1,<base64 of HMAC-SHA256(key, "<id>.<timestamp>.<raw body>")>` for one secret. */
export function signStandardWebhook(secret: string, id: string, timestamp: number, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', standardWebhookKey(secret));
  mac.update(`${id}.${timestamp}.`, 'utf8');
  mac.update(rawBody);
  return `v1,${mac.digest('base64')}`;
}

/**
 * The webhook-signature header: one signature per secret, space-separated, so that during a
 * rotation's overlap a receiver holding either the old or the new secret accepts the delivery.
 */
export function standardSignatureHeader(secrets: string[], id: string, timestamp: number, rawBody: string | Buffer): string {
  return secrets.map((secret) => signStandardWebhook(secret, id, timestamp, rawBody)).join(' ');
}

/**
 * Deprecated scheme: `sha256=<hex HMAC-SHA256(secret string, "<timestamp>.<raw body>")>`, keyed
 * with the secret's text as the module was shown it (not its decoded bytes).
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
