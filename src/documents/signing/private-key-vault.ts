import { KeyObject, createCipheriv, createDecipheriv, createPrivateKey, randomBytes, scrypt } from 'node:crypto';
import { DocumentError, DocumentErrorCode } from '../documents.errors';

/**
 * Private keys at rest, sealed under the official's passphrase:
 * scrypt (memory-hard, cost stored with the blob so it can be raised later)
 * derives an AES-256-GCM key that encrypts the PKCS#8 DER. Chosen over
 * OpenSSL's encrypted PKCS#8 because that uses PBKDF2 with ~2048 iterations,
 * cheap to brute-force if the database leaks, and because GCM's tag makes a
 * wrong passphrase a certain, typed failure instead of a parse error.
 *
 * Format: esurat-key/v1$scrypt$N=<n>,r=<r>,p=<p>$salt$iv$tag$ciphertext (base64url).
 */
export interface SealOptions {
  /** log2 of scrypt N; 15 costs about 50-100 ms and 32 MiB per attempt. */
  costLog2?: number;
}

const PREFIX = 'esurat-key/v1';
const MIN_PASSPHRASE_LENGTH = 8;
const R = 8;
const P = 1;
const MIN_COST_LOG2 = 10;
const MAX_COST_LOG2 = 20;

export async function sealPrivateKey(key: KeyObject, passphrase: string, options: SealOptions = {}): Promise<string> {
  if (key.type !== 'private') throw new DocumentError(DocumentErrorCode.SIGNING_KEY_INVALID, 'Only a private key can be sealed');
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new DocumentError(DocumentErrorCode.WEAK_PASSPHRASE, `The passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
  const costLog2 = options.costLog2 ?? 15;
  if (!Number.isInteger(costLog2) || costLog2 < MIN_COST_LOG2 || costLog2 > MAX_COST_LOG2) {
    throw new RangeError(`costLog2 must be an integer from ${MIN_COST_LOG2} to ${MAX_COST_LOG2}`);
  }
  const n = 2 ** costLog2;
  const header = `${PREFIX}$scrypt$N=${n},r=${R},p=${P}`;
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const aesKey = await deriveKey(passphrase, salt, n);
  const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
  cipher.setAAD(Buffer.from(header));
  const plain = key.export({ type: 'pkcs8', format: 'der' });
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  plain.fill(0);
  return [header, salt, iv, cipher.getAuthTag(), sealed].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('$');
}

/** Throws WRONG_PASSPHRASE when the passphrase does not open the key; the caller counts attempts. */
export async function unsealPrivateKey(sealedKey: string, passphrase: string): Promise<KeyObject> {
  const parts = parseSealed(sealedKey);
  const aesKey = await deriveKey(passphrase, parts.salt, parts.n);
  const decipher = createDecipheriv('aes-256-gcm', aesKey, parts.iv);
  decipher.setAAD(Buffer.from(parts.header));
  decipher.setAuthTag(parts.tag);
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]);
  } catch {
    throw new DocumentError(DocumentErrorCode.WRONG_PASSPHRASE, 'The passphrase is wrong');
  }
  try {
    return createPrivateKey({ key: plain, format: 'der', type: 'pkcs8' });
  } finally {
    plain.fill(0);
  }
}

function parseSealed(sealedKey: string) {
  const fields = sealedKey.split('$');
  const params = /^N=(\d+),r=(\d+),p=(\d+)$/.exec(fields[2] ?? '');
  if (fields.length !== 7 || fields[0] !== PREFIX || fields[1] !== 'scrypt' || !params) {
    throw new DocumentError(DocumentErrorCode.SIGNING_KEY_INVALID, 'The stored key is not in a known format');
  }
  const n = Number(params[1]);
  // Bounded so a tampered blob cannot make unsealing allocate gigabytes.
  if (!Number.isInteger(Math.log2(n)) || n < 2 ** MIN_COST_LOG2 || n > 2 ** MAX_COST_LOG2 || Number(params[2]) !== R || Number(params[3]) !== P) {
    throw new DocumentError(DocumentErrorCode.SIGNING_KEY_INVALID, 'The stored key uses unsupported scrypt parameters');
  }
  const [salt, iv, tag, ciphertext] = fields.slice(3).map((f) => Buffer.from(f, 'base64url'));
  return { header: fields.slice(0, 3).join('$'), n, salt, iv, tag, ciphertext };
}

function deriveKey(passphrase: string, salt: Buffer, n: number): Promise<Buffer> {
  // NFC so the same passphrase typed on different keyboards derives the same key.
  const secret = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, 32, { N: n, r: R, p: P, maxmem: 256 * n * R }, (err, key) => {
      secret.fill(0);
      if (err) reject(new DocumentError(DocumentErrorCode.SIGNING_KEY_INVALID, 'The stored key parameters are invalid'));
      else resolve(key);
    });
  });
}
