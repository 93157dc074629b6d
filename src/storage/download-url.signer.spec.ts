import { AppConfig, loadConfig } from '../config/app-config';
import { DownloadUrlSigner } from './download-url.signer';

const ID = '5f1d7a0e-6c1b-4b8e-9a55-0d8f3e2c7b41';
const NOW = Date.UTC(2025, 10, 22, 3, 0, 0);
const config = (env: Record<string, string> = {}): AppConfig =>
  loadConfig({ JWT_SECRET: 'unit-test-secret-0123456789', PUBLIC_URL: 'https://surat.kotacontoh.go.id/', ...env });

function parts(url: string) {
  const parsed = new URL(url);
  return { expires: parsed.searchParams.get('expires')!, signature: parsed.searchParams.get('signature')! };
}

describe('DownloadUrlSigner', () => {
  const signer = new DownloadUrlSigner(config());
  const expires = NOW / 1000 + 300;

  it('links to the download route under PUBLIC_URL', () => {
    const url = signer.url(ID, expires);
    expect(url).toMatch(new RegExp(`^https://surat\\.kotacontoh\\.go\\.id/api/v1/storage/objects/${ID}\\?expires=${expires}&signature=[\\w-]{43}$`));
  });

  it('accepts its own link until it expires', () => {
    const { signature } = parts(signer.url(ID, expires));
    expect(() => signer.verify(ID, String(expires), signature, NOW)).not.toThrow();
    expect(() => signer.verify(ID, String(expires), signature, expires * 1000)).not.toThrow();
    expect(() => signer.verify(ID, String(expires), signature, expires * 1000 + 1)).toThrow(
      expect.objectContaining({ code: 'PRESIGNED_URL_EXPIRED', status: 403 }),
    );
  });

  type Link = { id: string; expires: string; signature: string };
  const flip = (c: string) => (c === '0' ? '1' : '0');

  it.each<[string, (link: Link) => Link]>([
    ['another object', (l) => ({ ...l, id: 'a0c4b9d2-1e3f-4a5b-8c7d-6e5f4a3b2c1d' })],
    ['a later expiry', (l) => ({ ...l, expires: String(expires + 3600) })],
    ['the same expiry written differently', (l) => ({ ...l, expires: `0${l.expires}` })],
    ['a non-numeric expiry', (l) => ({ ...l, expires: 'never' })],
    ['a changed signature', (l) => ({ ...l, signature: flip(l.signature[0]) + l.signature.slice(1) })],
    ['a truncated signature', (l) => ({ ...l, signature: l.signature.slice(0, -1) })],
    ['an empty signature', (l) => ({ ...l, signature: '' })],
  ])('refuses %s as PRESIGNED_URL_INVALID', (_, forge) => {
    const forged = forge({ id: ID, ...parts(signer.url(ID, expires)) });
    expect(() => signer.verify(forged.id, forged.expires, forged.signature, NOW)).toThrow(
      expect.objectContaining({ code: 'PRESIGNED_URL_INVALID', status: 403 }),
    );
  });

  it('refuses a link signed under another JWT secret', () => {
    const other = new DownloadUrlSigner(config({ JWT_SECRET: 'another-secret-0123456789abc' }));
    const { signature } = parts(other.url(ID, expires));
    expect(() => signer.verify(ID, String(expires), signature, NOW)).toThrow(expect.objectContaining({ code: 'PRESIGNED_URL_INVALID' }));
  });
});
