import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { verifyWebhookSignature } from '../../clients/ts/src/webhook-signature';
import { verifyWebhook } from '../../clients/ts/src/webhook-standard';
import { moveSecretsToStandardBase64 } from '../../src/database/migrations/1763806600000-StandardWebhooks';
import { openWebhookSecret, sealWebhookSecret } from '../../src/common/crypto/webhook-secret.box';
import { approvalBody, ModuleSetup, setupSimpadu } from '../factories/approvals.factory';
import { eventually, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';
import { WebhookReceiver } from '../helpers/webhook-receiver';

jest.setTimeout(90_000);

/**
 * Issue 20: Standard Webhooks on every delivery, checked with the official `standardwebhooks`
 * library, and the self-service of deliveries with the module's own API key.
 */
describe('Standard Webhooks and self-service of deliveries', () => {
  let t: TestApp;
  let simpadu: ModuleSetup;
  const receiver = new WebhookReceiver();
  // Nothing listens there: every POST ends without an answer.
  const deadUrl = 'http://127.0.0.1:9/hooks/nobody';

  beforeAll(async () => {
    t = await createTestApp({
      WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true',
      WEBHOOK_BACKOFF_BASE_MS: '100',
      WEBHOOK_BACKOFF_MAX_MS: '400',
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_SWEEP_INTERVAL_MS: '500',
    });
    await receiver.start();
    simpadu = await setupSimpadu(t, [receiver.url, deadUrl]);
  });

  afterEach(() => {
    receiver.reply = () => 200;
  });

  afterAll(async () => {
    await receiver.stop();
    await t?.close();
  });

  const admin = async () => `Bearer ${await t.token('admin')}`;
  const hooksOf = (id: string) => receiver.received.filter((h) => h.body.data?.approvalId === id);
  const create = async (apiKey: string, extra: Record<string, unknown> = {}) => {
    const res = await t.http().post('/api/v1/approvals').set('X-Api-Key', apiKey).send(approvalBody(simpadu, { callbackUrl: receiver.url, ...extra }));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const events = (apiKey: string, query: Record<string, string | number> = {}) => t.http().get('/api/v1/webhooks/events').query(query).set('X-Api-Key', apiKey);

  /** Another module, registered and keyed by the administrator, with the same receiver. */
  async function registerModule(name: string): Promise<ModuleSetup> {
    const created = await t.http().post('/api/v1/admin/modules').set('Authorization', await admin()).send({ name, scopes: ['approvals:read', 'approvals:write'], callbackUrls: [receiver.url] });
    expect(created.status).toBe(201);
    const key = await t.http().post(`/api/v1/admin/modules/${created.body.id}/keys`).set('Authorization', await admin()).send({});
    expect(key.status).toBe(201);
    return { moduleId: created.body.id, apiKey: key.body.key, webhookSecret: created.body.webhookSecret, positions: await positionIds(t) };
  }

  it('issues whsec_ secrets in standard base64 of 32 random bytes, which the official library takes', () => {
    expect(simpadu.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(simpadu.webhookSecret.slice(6), 'base64')).toHaveLength(32);
    expect(() => new Webhook(simpadu.webhookSecret)).not.toThrow();
  });

  it('signs every delivery as Standard Webhooks do: the official library verifies it and refuses it tampered', async () => {
    const id = await create(simpadu.apiKey);
    const [hook] = await eventually(async () => hooksOf(id).length > 0 && hooksOf(id));
    const [event] = await t.sql('SELECT id FROM webhook_event WHERE letter_id = $1', [id]);
    expect(hook.headers['webhook-id']).toBe(event.id);
    expect(hook.body.id).toBe(event.id);
    expect(Math.abs(Number(hook.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    expect(hook.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    const wh = new Webhook(simpadu.webhookSecret);
    expect(wh.verify(hook.rawBody, hook.headers)).toEqual(hook.body);
    // A changed body, id or timestamp, or another secret: refused by the official library.
    expect(() => wh.verify(hook.rawBody.replace('"pending"', '"approved"'), hook.headers)).toThrow(/signature/i);
    expect(() => wh.verify(hook.rawBody, { ...hook.headers, 'webhook-id': `${event.id}x` })).toThrow(/signature/i);
    expect(() => wh.verify(hook.rawBody, { ...hook.headers, 'webhook-timestamp': String(Number(hook.headers['webhook-timestamp']) - 1) })).toThrow(/signature/i);
    expect(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(hook.rawBody, hook.headers)).toThrow(/signature/i);
    // The TypeScript client's own check agrees, tolerance included.
    expect(verifyWebhook(simpadu.webhookSecret, hook.headers, hook.rawBody)).toEqual(hook.body);
    expect(() => verifyWebhook(simpadu.webhookSecret, hook.headers, `${hook.rawBody} `)).toThrow(/signature/);
    expect(() => verifyWebhook(simpadu.webhookSecret, hook.headers, hook.rawBody, { nowSeconds: Number(hook.headers['webhook-timestamp']) + 600 })).toThrow(/timestamp/);
    // The deprecated headers are still there, for one release.
    expect(hook.headers['x-esurat-event-id']).toBe(event.id);
    expect(verifyWebhookSignature(simpadu.webhookSecret, hook.headers['x-esurat-timestamp'], hook.rawBody, hook.headers['x-esurat-signature'])).toBe(true);
  });

  it('during a rotation overlap signs with both secrets; either one verifies', async () => {
    const module = await registerModule('simral');
    const rotated = await t.http().post(`/api/v1/admin/modules/${module.moduleId}/webhook-secret`).set('Authorization', await admin()).send();
    expect(rotated.status).toBe(201);
    expect(rotated.body.webhookSecret).not.toBe(module.webhookSecret);
    const until = new Date(rotated.body.previousSecretValidUntil).getTime();
    expect(Math.abs(until - (Date.now() + 24 * 3600_000))).toBeLessThan(60_000);
    const id = await create(module.apiKey);
    const [hook] = await eventually(async () => hooksOf(id).length > 0 && hooksOf(id));
    expect(hook.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(rotated.body.webhookSecret).verify(hook.rawBody, hook.headers)).toEqual(hook.body);
    expect(new Webhook(module.webhookSecret).verify(hook.rawBody, hook.headers)).toEqual(hook.body);
    // The deprecated header: the new secret at once.
    expect(verifyWebhookSignature(rotated.body.webhookSecret, hook.headers['x-esurat-timestamp'], hook.rawBody, hook.headers['x-esurat-signature'])).toBe(true);

    // Once the overlap is over, the old secret no longer signs.
    await t.sql(`UPDATE module_client SET webhook_secret_previous_until = now() - interval '1 second' WHERE id = $1`, [module.moduleId]);
    await new Promise((r) => setTimeout(r, 10_500)); // the delivery side caches a module's secrets for 10 s
    const later = await create(module.apiKey);
    const [next] = await eventually(async () => hooksOf(later).length > 0 && hooksOf(later));
    expect(next.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(() => new Webhook(module.webhookSecret).verify(next.rawBody, next.headers)).toThrow(/signature/i);
    expect(new Webhook(rotated.body.webhookSecret).verify(next.rawBody, next.headers)).toEqual(next.body);
  });

  it('moves a secret issued before Standard Webhooks (base64url) to standard base64; the old headers keep its old text', async () => {
    const module = await registerModule('simrs');
    // One with a - or _ in it, as most were: those the official library refuses.
    let old: string;
    do old = `whsec_${randomBytes(32).toString('base64url')}`;
    while (!/[-_]/.test(old.slice('whsec_'.length)));
    const key = t.config.WEBHOOK_SECRET_ENCRYPTION_KEY;
    await t.sql(`UPDATE module_client SET webhook_secret_encrypted = $2 WHERE id = $1`, [module.moduleId, sealWebhookSecret(key, old)]);
    const db = t.app.get(DataSource);
    expect(() => new Webhook(old)).toThrow(); // what integrators met: the official library refuses base64url
    expect(await moveSecretsToStandardBase64(db, key)).toBe(1);
    expect(await moveSecretsToStandardBase64(db, key)).toBe(0);
    const [row] = await t.sql(`SELECT webhook_secret_encrypted AS current, webhook_secret_legacy_encrypted AS legacy FROM module_client WHERE id = $1`, [module.moduleId]);
    const moved = openWebhookSecret(key, row.current);
    expect(moved).toBe(`whsec_${Buffer.from(old.slice(6), 'base64url').toString('base64')}`);
    expect(openWebhookSecret(key, row.legacy)).toBe(old);
    const id = await create(module.apiKey);
    const [hook] = await eventually(async () => hooksOf(id).length > 0 && hooksOf(id));
    expect(new Webhook(moved).verify(hook.rawBody, hook.headers)).toEqual(hook.body);
    expect(verifyWebhookSignature(old, hook.headers['x-esurat-timestamp'], hook.rawBody, hook.headers['x-esurat-signature'])).toBe(true);
  });

  it('lists the module’s events with their attempts: at, url, statusCode, durationMs, error', async () => {
    receiver.reply = (hook) => (receiver.received.filter((h) => h.eventId === hook.eventId).length <= 2 ? 500 : 200);
    const id = await create(simpadu.apiKey);
    const page = await eventually(async () => {
      const res = await events(simpadu.apiKey, { approvalId: id });
      return res.body.items?.[0]?.status === 'delivered' && res.body;
    });
    expect(page.nextAfter).toBeNull();
    expect(page.items).toHaveLength(1);
    const [event] = page.items;
    expect(event).toMatchObject({ type: 'approval.pending', approvalId: id, callbackUrl: receiver.url, status: 'delivered', nextAttemptAt: null });
    expect(event.attempts.map((a: any) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 500, 'HTTP 500'],
      [3, 200, null],
    ]);
    for (const a of event.attempts) {
      expect(a.url).toBe(receiver.url);
      expect(typeof a.durationMs).toBe('number');
      expect(new Date(a.at).toISOString()).toBe(a.at);
    }
    // Every retry carried the same webhook-id.
    expect(new Set(hooksOf(id).map((h) => h.headers['webhook-id']))).toEqual(new Set([event.id]));
    // Filters: by type, by status; `after` pages.
    expect((await events(simpadu.apiKey, { approvalId: id, type: 'approval.approved' })).body.items).toEqual([]);
    expect((await events(simpadu.apiKey, { approvalId: id, status: 'dead' })).body.items).toEqual([]);
    const first = await events(simpadu.apiKey, { limit: 1 });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    const second = await events(simpadu.apiKey, { limit: 1, after: first.body.nextAfter });
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    expect(new Date(second.body.items[0].createdAt).getTime()).toBeGreaterThanOrEqual(new Date(first.body.items[0].createdAt).getTime());
    // Bad filters are 400 with a code.
    for (const query of [{ status: 'lost' }, { approvalId: 'x' }, { limit: 1000 }, { type: 'DROP TABLE' }] as Record<string, string | number>[]) {
      const bad = await events(simpadu.apiKey, query);
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBeDefined();
    }
  });

  it('sends a signed ping to a registered callback URL; statusCode 0 and the error when nothing answers', async () => {
    const ok = await t.http().post('/api/v1/webhooks/test').set('X-Api-Key', simpadu.apiKey).send({ callbackUrl: receiver.url });
    expect(ok.status).toBe(202);
    expect(ok.body).toEqual({ id: expect.any(String), status: 'pending' });
    const ping = await eventually(async () => receiver.received.find((h) => h.headers['webhook-id'] === ok.body.id));
    expect(new Webhook(simpadu.webhookSecret).verify(ping.rawBody, ping.headers)).toMatchObject({ id: ok.body.id, type: 'ping', data: { callbackUrl: receiver.url } });
    expect((await events(simpadu.apiKey, { type: 'ping', status: 'delivered' })).body.items.map((e: any) => e.id)).toContain(ok.body.id);

    const nobody = await t.http().post('/api/v1/webhooks/test').set('X-Api-Key', simpadu.apiKey).send({ callbackUrl: deadUrl });
    expect(nobody.status).toBe(202);
    const [failed] = await eventually(async () => {
      const res = await events(simpadu.apiKey, { type: 'ping', status: 'failed' });
      return res.body.items.filter((e: any) => e.id === nobody.body.id).length > 0 && res.body.items.filter((e: any) => e.id === nobody.body.id);
    });
    expect(failed).toMatchObject({ approvalId: null, callbackUrl: deadUrl, nextAttemptAt: expect.any(String) });
    expect(failed.attempts[0]).toMatchObject({ attempt: 1, url: deadUrl, statusCode: 0, error: expect.stringMatching(/ECONNREFUSED/) });
    // After the last attempt: dead, and listed so.
    await eventually(async () => (await events(simpadu.apiKey, { type: 'ping', status: 'dead' })).body.items.some((e: any) => e.id === nobody.body.id));

    const unregistered = await t.http().post('/api/v1/webhooks/test').set('X-Api-Key', simpadu.apiKey).send({ callbackUrl: 'https://example.org/hook' });
    expect(unregistered.status).toBe(422);
    expect(unregistered.body.code).toBe('CALLBACK_URL_NOT_REGISTERED');
    const missing = await t.http().post('/api/v1/webhooks/test').set('X-Api-Key', simpadu.apiKey).send({});
    expect(missing.status).toBe(400);
  });

  it('re-sends an event of the module, delivered or dead, with the same webhook-id', async () => {
    const id = await create(simpadu.apiKey);
    const [first] = await eventually(async () => hooksOf(id).length > 0 && hooksOf(id));
    await eventually(async () => (await t.sql(`SELECT 1 FROM webhook_event WHERE id = $1 AND status = 'delivered'`, [first.eventId])).length > 0);
    const resent = await t.http().post(`/api/v1/webhooks/events/${first.eventId}/resend`).set('X-Api-Key', simpadu.apiKey).send();
    expect(resent.status).toBe(202);
    expect(resent.body).toEqual({ id: first.eventId, status: 'pending' });
    const again = await eventually(async () => hooksOf(id).length > 1 && hooksOf(id)[1]);
    expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(again.rawBody).toBe(first.rawBody);
    expect(new Webhook(simpadu.webhookSecret).verify(again.rawBody, again.headers)).toEqual(first.body);
    const listed = await eventually(async () => {
      const [e] = (await events(simpadu.apiKey, { approvalId: id })).body.items;
      return e.status === 'delivered' && e;
    });
    // A fresh set of attempts: the first delivery and the re-sent one are both listed.
    expect(listed.attempts.map((a: any) => [a.attempt, a.statusCode])).toEqual([
      [1, 200],
      [1, 200],
    ]);

    // A dead one (the ping nobody answered) goes back to pending.
    const [dead] = (await events(simpadu.apiKey, { type: 'ping', status: 'dead' })).body.items;
    const revived = await t.http().post(`/api/v1/webhooks/events/${dead.id}/resend`).set('X-Api-Key', simpadu.apiKey).send();
    expect(revived.status).toBe(202);
    const [row] = await t.sql(`SELECT status, attempts <= 1 AS fresh FROM webhook_event WHERE id = $1`, [dead.id]);
    expect(row).toEqual({ status: 'pending', fresh: true });
  });

  it('keeps each module to its own events: another module’s event is 404; people and the admin use the admin views', async () => {
    const other = await registerModule('digilib');
    const mine = await create(simpadu.apiKey);
    const [hook] = await eventually(async () => hooksOf(mine).length > 0 && hooksOf(mine));
    const theirs = await events(other.apiKey);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
    expect((await events(other.apiKey, { approvalId: mine })).body.items).toEqual([]);
    const after = await events(other.apiKey, { after: hook.eventId });
    expect(after.status).toBe(404);
    expect(after.body.code).toBe('WEBHOOK_EVENT_NOT_FOUND');
    const resend = await t.http().post(`/api/v1/webhooks/events/${hook.eventId}/resend`).set('X-Api-Key', other.apiKey).send();
    expect(resend.status).toBe(404);
    expect(resend.body.code).toBe('WEBHOOK_EVENT_NOT_FOUND');
    const count = hooksOf(mine).length;
    // Its ping may name only its own callback URLs.
    const [{ callbackUrls }] = await t.sql(`SELECT callback_urls AS "callbackUrls" FROM module_client WHERE id = $1`, [other.moduleId]);
    expect(callbackUrls).toEqual([receiver.url]);
    expect((await t.http().post('/api/v1/webhooks/test').set('X-Api-Key', other.apiKey).send({ callbackUrl: deadUrl })).body.code).toBe('CALLBACK_URL_NOT_REGISTERED');
    await new Promise((r) => setTimeout(r, 300));
    expect(hooksOf(mine)).toHaveLength(count);

    // Modules' routes: people, the administrator included, are refused; the admin keeps the cross-module view.
    for (const user of ['admin', 'kadis.kominfo']) {
      expect((await t.http().get('/api/v1/webhooks/events').set('Authorization', `Bearer ${await t.token(user)}`)).status).toBe(403);
    }
    const adminView = await t.http().get(`/api/v1/admin/webhooks/${hook.eventId}`).set('Authorization', await admin());
    expect(adminView.status).toBe(200);
    expect(adminView.body.moduleName).toBe('simpadu');
    // A key with only approvals:read lists but may not re-send.
    const readOnly = await t.http().post(`/api/v1/admin/modules/${simpadu.moduleId}/keys`).set('Authorization', await admin()).send({ scopes: ['approvals:read'] });
    expect((await events(readOnly.body.key, { approvalId: mine })).body.items).toHaveLength(1);
    expect((await t.http().post(`/api/v1/webhooks/events/${hook.eventId}/resend`).set('X-Api-Key', readOnly.body.key).send()).status).toBe(403);
  });
});
