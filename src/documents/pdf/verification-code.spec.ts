import { isVerificationCode, newVerificationCode } from './verification-code';
import { verificationUrl } from './qr-code';

describe('newVerificationCode', () => {
  it('makes 26 base32 characters (130 random bits), never repeating', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newVerificationCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(isVerificationCode(code)).toBe(true);
  });

  it('uses the whole alphabet (no stuck bits)', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newVerificationCode()).join(''));
    expect(seen.size).toBe(32);
  });

  it('links to the public verification page', () => {
    expect(verificationUrl('https://surat.example.go.id/', 'ABC')).toBe('https://surat.example.go.id/verify/ABC');
  });
});
