import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret } from '../../common/crypto/webhook-secret.box';
import { signStandardWebhook, standardSignatureHeader, standardWebhookKey } from './webhook-signature';

describe('Standard Webhooks signatures', () => {
  // The test vector of the Standard Webhooks specification.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = 1614265330;
  const payload = '{"test": 2432232314}';

  it('signs as the specification says', () => {
    expect(signStandardWebhook(secret, id, timestamp, payload)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('agrees with the official library, one secret or two', () => {
    const fresh = newWebhookSecret();
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ id, type: 'ping', data: { n: 1 } });
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': standardSignatureHeader([fresh, secret], id, now, body) };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(fresh).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(fresh).sign(id, new Date(now * 1000), body)).toBe(signStandardWebhook(fresh, id, now, body));
    expect(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(body, headers)).toThrow();
  });

  it('issues whsec_ + standard base64 of 32 bytes, and refuses base64url keys', () => {
    const fresh = newWebhookSecret();
    expect(fresh).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(standardWebhookKey(fresh)).toHaveLength(32);
    expect(() => standardWebhookKey('whsec_ab-_cd')).toThrow(/standard base64/);
  });
});
