import { randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * An unguessable code for the public verification page: 130 random bits as 26
 * characters of RFC 4648 base32 (upper case, no padding), which QR alphanumeric
 * mode encodes compactly and people can read out over the phone.
 */
export function newVerificationCode(): string {
  const bytes = randomBytes(17);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xfff; // at most 4 unread bits carry over
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export function isVerificationCode(code: string): boolean {
  return /^[A-Z2-7]{26}$/.test(code);
}
