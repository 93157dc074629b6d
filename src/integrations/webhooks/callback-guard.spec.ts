import { assertCallbackReachable, assertCallbackUrlSyntax, isNonPublicAddress } from './callback-guard';
import { signWebhook, webhookSignatureMatches } from './webhook-signature';
import { openWebhookSecret, sealWebhookSecret } from '../../common/crypto/webhook-secret.box';

describe('callback guard (SSRF)', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1',
    // Teredo and 6to4 tunnel an IPv4 address (here 192.168.0.1) inside a public-looking IPv6 one.
    '2001:0:4136:e378:8000:63bf:3f57:fffe', '2002:c0a8:1::1', '64:ff9b::a00:1', '2001:db8::1', '198.18.0.1', '192.0.2.1', '255.255.255.255'])(
    'refuses %s',
    (ip) => expect(isNonPublicAddress(ip)).toBe(true),
  );

  it.each(['8.8.8.8', '172.32.0.1', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('accepts %s', (ip) => expect(isNonPublicAddress(ip)).toBe(false));

  it('refuses literal private hosts and non-http schemes', async () => {
    await expect(assertCallbackReachable('http://127.0.0.1:8080/hook', false)).rejects.toThrow(/non-public/);
    await expect(assertCallbackReachable('http://[::1]/hook', false)).rejects.toThrow(/non-public/);
    await expect(assertCallbackReachable('http://localhost/hook', false)).rejects.toThrow(/non-public/);
    await expect(assertCallbackReachable('http://127.0.0.1:8080/hook', true)).resolves.toBeUndefined();
    expect(() => assertCallbackUrlSyntax('file:///etc/passwd')).toThrow(/http or https/);
    expect(() => assertCallbackUrlSyntax('http://user:pw@example.org/')).toThrow(/credentials/);
  });
});

describe('webhook signature and secret box', () => {
  it('signs timestamp and body together', () => {
    const sig = signWebhook('s3cret', 1700000000, '{"a":1}');
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(webhookSignatureMatches('s3cret', 1700000000, '{"a":1}', sig)).toBe(true);
    expect(webhookSignatureMatches('s3cret', 1700000001, '{"a":1}', sig)).toBe(false);
    expect(webhookSignatureMatches('other', 1700000000, '{"a":1}', sig)).toBe(false);
  });

  it('seals and opens secrets; a wrong key fails', () => {
    const sealed = sealWebhookSecret('key-material-0123', 'whsec_abc');
    expect(sealed).not.toContain('whsec_abc');
    expect(openWebhookSecret('key-material-0123', sealed)).toBe('whsec_abc');
    expect(() => openWebhookSecret('another-key-material', sealed)).toThrow();
  });
});
