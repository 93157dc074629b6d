import { createTestApp, TestApp } from '../helpers/test-app';
import { DEMO_PASSWORD, demoPeople } from '../../src/database/seeds/demo-city';

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

describe('Auth: login rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '3' });
  });
  afterAll(() => t.close());

  it('refuses the fourth attempt within a minute with 429', async () => {
    for (let i = 0; i < 3; i++) {
      await t.http().post('/api/v1/auth/login').send({ username: 'sekda', password: 'tebak-tebakan' }).expect(401);
    }
    const res = await t.http().post('/api/v1/auth/login').send({ username: 'sekda', password: DEMO_PASSWORD }).expect(429);
    expect(res.body.code).toBe('RATE_LIMITED');
    // Another account from the same address is still counted apart.
    await t.http().post('/api/v1/auth/login').send({ username: 'walikota', password: DEMO_PASSWORD }).expect(200);
  });
});
