import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Webhook secrets at rest: AES-256-GCM under a key derived from WEBHOOK_SECRET_ENCRYPTION_KEY.
 * The secret must be readable again (it signs every delivery), so it is encrypted, not hashed.
 * Stored as `v1.<iv>.<tag>.<ciphertext>` in base64url.
 */
const keyOf = (material: string) => createHash('sha256').update(`esurat-webhook-secret:${material}`, 'utf8').digest();

/**
 * `whsec_` + standard base64 (with padding) of 32 random bytes: the form the Standard Webhooks
 * libraries decode (they refuse base64url, which secrets used before).
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function sealWebhookSecret(material: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(material), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

export function openWebhookSecret(material: string, sealed: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('Sealed webhook secret has an unknown format');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(material), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
