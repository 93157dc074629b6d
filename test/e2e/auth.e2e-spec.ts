import { createTestApp, TestApp } from '../helpers/test-app';
import { DEMO_PASSWORD, demoPeople } from '../../src/seeds/demo-city';

describe('Auth: login, /me, tokens and API keys', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('logs a demo user in and returns a bearer token with the person', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 'kadis.kominfo', password: DEMO_PASSWORD }).expect(200);
    expect(res.body.tokenType).toBe('Bearer');
    expect(res.body.accessToken.split('.')).toHaveLength(3);
    expect(res.body.user.username).toBe('kadis.kominfo');
    expect(res.body.user.positions.map((p: { positionName: string }) => p.positionName)).toEqual(['Kepala Dinas Komunikasi dan Informatika']);
  });

  it('accepts the username in any case', async () => {
    await t.http().post('/api/v1/auth/login').send({ username: 'KADIS.Kominfo', password: DEMO_PASSWORD }).expect(200);
  });

  it('answers a wrong password and an unknown user with the same error', async () => {
    const wrong = await t.http().post('/api/v1/auth/login').send({ username: 'kadis.kominfo', password: 'salah' }).expect(401);
    const unknown = await t.http().post('/api/v1/auth/login').send({ username: 'tidak.ada', password: 'salah' }).expect(401);
    expect(wrong.body).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Username or password is wrong' });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('refuses a login body with missing or wrong-typed fields', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 42 }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['password', 'username']);
  });

  it('GET /me returns the caller, positions and delegations', async () => {
    const res = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${await t.token('staf.kominfo')}`).expect(200);
    expect(res.body).toMatchObject({ kind: 'person', username: 'staf.kominfo', roles: ['staff'], delegations: [] });
    expect(res.body.positions[0].positionName).toBe('Pranata Komputer');
  });

  it('refuses a missing, malformed, tampered or stale token', async () => {
    expect((await t.http().get('/api/v1/me').expect(401)).body.code).toBe('UNAUTHENTICATED');
    expect((await t.http().get('/api/v1/me').set('Authorization', 'Basic abc').expect(401)).body.code).toBe('TOKEN_INVALID');
    const token = await t.token('kasi.aptika');
    const tampered = token.slice(0, -3) + (token.endsWith('A') ? 'BBB' : 'AAA');
    expect((await t.http().get('/api/v1/me').set('Authorization', `Bearer ${tampered}`).expect(401)).body.code).toBe('TOKEN_INVALID');
  });

  it('a password change ends the sessions issued before it', async () => {
    const login = await t.http().post('/api/v1/auth/login').send({ username: 'arsiparis', password: DEMO_PASSWORD }).expect(200);
    const old = login.body.accessToken;
    await t.http().post('/api/v1/me/password').set('Authorization', `Bearer ${old}`).send({ currentPassword: 'salah-sekali', newPassword: 'Arsip#Baru2026' }).expect(422);
    await t.http().post('/api/v1/me/password').set('Authorization', `Bearer ${old}`).send({ currentPassword: DEMO_PASSWORD, newPassword: 'Arsip#Baru2026' }).expect(204);
    expect((await t.http().get('/api/v1/me').set('Authorization', `Bearer ${old}`).expect(401)).body.code).toBe('TOKEN_INVALID');
    await t.http().post('/api/v1/auth/login').send({ username: 'arsiparis', password: 'Arsip#Baru2026' }).expect(200);
    const [row] = await t.sql('SELECT demo_password FROM person WHERE username = $1', ['arsiparis']);
    expect(row.demo_password).toBe(false);
  });

  it('never stores the password in clear', async () => {
    const rows = await t.sql<{ password_hash: string }>('SELECT password_hash FROM person');
    expect(rows.length).toBe(demoPeople.length);
    for (const row of rows) expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  describe('API keys of modules', () => {
    it('lets the demo module in with its key, to module routes only', async () => {
      const res = await t.http().get('/api/v1/me').set('X-Api-Key', 'demo-simpadu-key').expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect((await t.http().get('/api/v1/me').set('X-Api-Key', 'wrong-key-1234').expect(401)).body.code).toBe('API_KEY_INVALID');
    });

    it('admin creates a module, issues a key, and revokes it', async () => {
      const admin = `Bearer ${await t.token('admin')}`;
      const mod = await t.http().post('/api/v1/admin/modules').set('Authorization', admin).send({ name: 'simral', scopes: ['approvals:read'] }).expect(201);
      const issued = await t.http().post(`/api/v1/admin/modules/${mod.body.id}/keys`).set('Authorization', admin).send({}).expect(201);
      expect(issued.body.key).toMatch(/^esk_/);
      expect(issued.body.scopes).toEqual(['approvals:read']);

      const [stored] = await t.sql('SELECT key_hash FROM api_key WHERE id = $1', [issued.body.id]);
      expect(stored.key_hash).not.toContain(issued.body.key);
      expect(stored.key_hash).toHaveLength(64);

      const tooMuch = await t.http().post(`/api/v1/admin/modules/${mod.body.id}/keys`).set('Authorization', admin).send({ scopes: ['approvals:write'] }).expect(422);
      expect(tooMuch.body.code).toBe('SCOPE_NOT_ALLOWED');

      const list = await t.http().get(`/api/v1/admin/modules/${mod.body.id}/keys`).set('Authorization', admin).expect(200);
      expect(list.body).toHaveLength(1);
      expect(JSON.stringify(list.body)).not.toContain(issued.body.key);

      // The key works for module routes until it is revoked, then it is refused.
      const before = await t.http().get('/api/v1/units').set('X-Api-Key', issued.body.key);
      expect(before.status).toBe(403);
      expect(before.body.code).toBe('FORBIDDEN');
      await t.http().delete(`/api/v1/admin/modules/${mod.body.id}/keys/${issued.body.id}`).set('Authorization', admin).expect(204);
      const after = await t.http().get('/api/v1/units').set('X-Api-Key', issued.body.key).expect(401);
      expect(after.body.code).toBe('API_KEY_INVALID');
      await t.http().delete(`/api/v1/admin/modules/${mod.body.id}/keys/00000000-0000-4000-8000-000000000000`).set('Authorization', admin).expect(404);
      const [revoked] = await t.sql('SELECT revoked_at FROM api_key WHERE id = $1', [issued.body.id]);
      expect(revoked.revoked_at).not.toBeNull();
    });

    it('staff may not manage modules or keys', async () => {
      const staff = `Bearer ${await t.token('staf.kominfo')}`;
      expect((await t.http().get('/api/v1/admin/modules').set('Authorization', staff).expect(403)).body.code).toBe('FORBIDDEN');
      await t.http().post('/api/v1/admin/modules').set('Authorization', staff).send({ name: 'x-module', scopes: [] }).expect(403);
    });
  });
});

describe('Auth: login rate limits', () => {
  let t: TestApp;
  const login = (username: string, password: string, from: string, cookie?: string) => {
    const req = t.http().post('/api/v1/auth/login').set('X-Forwarded-For', from);
    if (cookie) req.set('Cookie', cookie);
    return req.send({ username, password });
  };
  const deviceCookie = (res: { headers: Record<string, unknown> }) => {
    const set = ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('esurat_device='));
    if (!set) throw new Error('no device cookie');
    return { header: set, cookie: set.split(';')[0] };
  };
  const retryAfter = (res: { headers: Record<string, unknown> }) => Number(res.headers['retry-after']);

  beforeAll(async () => {
    // Behind a trusted proxy on loopback, X-Forwarded-For gives each test its own client addresses.
    t = await createTestApp({ LOGIN_RATE_LIMIT: '3', LOGIN_ADDRESS_RATE_LIMIT: '5', TRUST_PROXY: 'loopback' });
  });
  afterAll(() => t.close());

  it('refuses the fourth failed attempt on an account within a minute with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await login('sekda', 'tebak-tebakan', '203.0.113.1')).status).toBe(401);
    const res = await login('sekda', DEMO_PASSWORD, '203.0.113.1');
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ code: 'RATE_LIMITED', message: expect.stringContaining('for this account'), details: { scope: 'account', retryAfterSeconds: retryAfter(res) } });
    expect(retryAfter(res)).toBeGreaterThanOrEqual(1);
    expect(retryAfter(res)).toBeLessThanOrEqual(60);
    // The account is counted whatever the address: a guesser gains nothing by moving.
    expect((await login('sekda', 'tebak-lagi', '203.0.113.2')).status).toBe(429);
    // Another account from the same address is counted apart.
    expect((await login('walikota', DEMO_PASSWORD, '203.0.113.1')).status).toBe(200);
  });

  it('refuses many unknown usernames from one address, with Retry-After, and no one else', async () => {
    for (let i = 0; i < 5; i++) expect((await login(`tidak.ada.${i}`, 'salah', '203.0.113.10')).status).toBe(401);
    const refused = await login('tidak.ada.5', 'salah', '203.0.113.10');
    expect(refused.status).toBe(429);
    expect(refused.body.details).toEqual({ scope: 'address', retryAfterSeconds: retryAfter(refused) });
    expect(retryAfter(refused)).toBeGreaterThanOrEqual(1);
    expect((await login('kadis.kominfo', DEMO_PASSWORD, '203.0.113.10')).status).toBe(429);
    expect((await login('kadis.kominfo', DEMO_PASSWORD, '203.0.113.11')).status).toBe(200);
  });

  it('counts an IPv6 client by its /64', async () => {
    for (let i = 0; i < 5; i++) expect((await login(`v6.${i}`, 'salah', `2001:db8:1:2::${i + 1}`)).status).toBe(401);
    expect((await login('v6.x', 'salah', '2001:db8:1:2:ffff::9')).body.details?.scope).toBe('address');
    expect((await login('v6.y', 'salah', '2001:db8:1:3::1')).status).toBe(401);
  });

  it('does not count successful logins, so a whole office behind one address can log in', async () => {
    const users = ['staf.kominfo', 'kasi.aptika', 'kabid.aptika', 'sekdis.kominfo', 'tu.kominfo', 'arsiparis', 'kadis.dinkes'];
    const statuses: number[] = [];
    for (const u of [...users, ...users]) statuses.push((await login(u, DEMO_PASSWORD, '203.0.113.20')).status);
    expect(statuses).toEqual(Array(14).fill(200));
    // An attempt counts while it is being checked, so as many as the limit may be checked at once.
    const together = await Promise.all(users.slice(0, 5).map((u) => login(u, DEMO_PASSWORD, '203.0.113.20')));
    expect(together.map((r) => r.status)).toEqual(Array(5).fill(200));
  });

  it('keeps the owner in on a browser they logged in on, however others hammer the account', async () => {
    const first = await login('kadis.dinkes', DEMO_PASSWORD, '203.0.113.30');
    const { header, cookie } = deviceCookie(first);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Strict/);
    expect(header).toMatch(/; Path=\/api\/v1\/auth/);
    expect(header).not.toContain(DEMO_PASSWORD);

    // An attacker from other addresses fills the account's limit, in parallel: exactly the limit gets through.
    const attack = await Promise.all(Array.from({ length: 10 }, (_, i) => login('kadis.dinkes', `tebak-${i}`, `198.51.100.${i + 1}`)));
    expect(attack.map((r) => r.status).sort()).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    expect((await login('kadis.dinkes', DEMO_PASSWORD, '203.0.113.31')).status).toBe(429);

    // Its owner, on the browser they used before, still logs in, and gets a fresh cookie.
    const owner = await login('kadis.dinkes', DEMO_PASSWORD, '203.0.113.30', cookie);
    expect(owner.status).toBe(200);
    expect(deviceCookie(owner).cookie).not.toBe(cookie);
    // The cookie belongs to its account only, and cannot be forged.
    expect((await login('sekda', DEMO_PASSWORD, '203.0.113.30', cookie)).status).toBe(429);
    expect((await login('kadis.dinkes', DEMO_PASSWORD, '203.0.113.30', `${cookie}x`)).status).toBe(429);

    // A stolen cookie is no way around the limits: the browser has its own.
    for (let i = 0; i < 3; i++) expect((await login('kadis.dinkes', 'salah', '203.0.113.30', cookie)).status).toBe(401);
    const device = await login('kadis.dinkes', DEMO_PASSWORD, '203.0.113.30', cookie);
    expect(device.status).toBe(429);
    expect(device.body.details.scope).toBe('device');
  });

  it('never takes a device cookie as an access token', async () => {
    const { cookie } = deviceCookie(await login('kabid.aptika', DEMO_PASSWORD, '203.0.113.40'));
    const res = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${cookie.slice('esurat_device='.length)}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_INVALID');
  });
});

describe('Auth: login limits end with their window', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Long enough for the attempts below on a loaded machine (a password check can take a second), short enough to wait out.
    t = await createTestApp({ LOGIN_RATE_LIMIT: '2', LOGIN_ADDRESS_RATE_LIMIT: '2', LOGIN_RATE_WINDOW_SECONDS: '6' });
  });
  afterAll(() => t.close());

  it('lets the owner in again once Retry-After has passed', async () => {
    const failures = await Promise.all([1, 2].map(() => t.http().post('/api/v1/auth/login').send({ username: 'walikota', password: 'salah' })));
    expect(failures.map((r) => r.status)).toEqual([401, 401]);
    const refused = await t.http().post('/api/v1/auth/login').send({ username: 'walikota', password: DEMO_PASSWORD }).expect(429);
    const wait = Number(refused.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(6);
    await new Promise((r) => setTimeout(r, wait * 1000 + 100));
    await t.http().post('/api/v1/auth/login').send({ username: 'walikota', password: DEMO_PASSWORD }).expect(200);
  });
});
