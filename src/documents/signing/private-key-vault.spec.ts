import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { DocumentError, DocumentErrorCode } from '../documents.errors';
import { sealPrivateKey, unsealPrivateKey } from './private-key-vault';

describe('private key vault', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const passphrase = 'rahasia-Pejabat-2026';
  // Low cost keeps the suite fast; production uses the default (2^15).
  const options = { costLog2: 12 };

  it('seals a key that only the right passphrase opens', async () => {
    const sealed = await sealPrivateKey(privateKey, passphrase, options);
    expect(sealed).toMatch(/^esurat-key\/v1\$scrypt\$N=4096,r=8,p=1\$/);
    expect(sealed).not.toContain(passphrase);
    const key = await unsealPrivateKey(sealed, passphrase);
    const signature = sign('sha256', Buffer.from('surat'), key);
    expect(verify('sha256', Buffer.from('surat'), publicKey, signature)).toBe(true);
  });

  it('salts every seal differently', async () => {
    const [a, b] = await Promise.all([sealPrivateKey(privateKey, passphrase, options), sealPrivateKey(privateKey, passphrase, options)]);
    expect(a).not.toBe(b);
  });

  it('throws WRONG_PASSPHRASE for a wrong passphrase', async () => {
    const sealed = await sealPrivateKey(privateKey, passphrase, options);
    const error = await unsealPrivateKey(sealed, 'rahasia-pejabat-2026').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).code).toBe(DocumentErrorCode.WRONG_PASSPHRASE);
    expect((error as DocumentError).status).toBe(403);
    expect(JSON.stringify(error)).not.toContain(passphrase);
  });

  it('detects a tampered blob or tampered parameters', async () => {
    const sealed = await sealPrivateKey(privateKey, passphrase, options);
    const parts = sealed.split('$');
    const flipped = Buffer.from(parts[6], 'base64url');
    flipped[10] ^= 1;
    parts[6] = flipped.toString('base64url');
    await expect(unsealPrivateKey(parts.join('$'), passphrase)).rejects.toMatchObject({ code: DocumentErrorCode.WRONG_PASSPHRASE });
    await expect(unsealPrivateKey(sealed.replace('N=4096', 'N=8192'), passphrase)).rejects.toMatchObject({
      code: DocumentErrorCode.WRONG_PASSPHRASE,
    });
    await expect(unsealPrivateKey(sealed.replace('N=4096', 'N=1073741824'), passphrase)).rejects.toMatchObject({
      code: DocumentErrorCode.SIGNING_KEY_INVALID,
    });
    await expect(unsealPrivateKey('-----BEGIN PRIVATE KEY-----', passphrase)).rejects.toMatchObject({
      code: DocumentErrorCode.SIGNING_KEY_INVALID,
    });
  });

  it('normalises the passphrase so composed and decomposed accents match', async () => {
    const sealed = await sealPrivateKey(privateKey, 'kata sandi é', options);
    await expect(unsealPrivateKey(sealed, 'kata sandi e\u0301')).resolves.toBeDefined();
  });

  it('refuses a short passphrase', async () => {
    await expect(sealPrivateKey(privateKey, 'pendek', options)).rejects.toMatchObject({ code: DocumentErrorCode.WEAK_PASSPHRASE });
  });
});
