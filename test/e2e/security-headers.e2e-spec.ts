import { JwtService } from '@nestjs/jwt';
import type { Response } from 'supertest';
import { draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/** Issue 12 item 9: the headers every response carries, the API docs in production, tokens without an expiry. */

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-real-production-secret-0123456789',
};

/** What helmet and our own policy put on every response, whatever route or status. */
function expectHardened(res: Response, what: string): void {
  const headers = {
    what,
    nosniff: res.headers['x-content-type-options'],
    frameOptions: res.headers['x-frame-options'],
    cacheControl: res.headers['cache-control'],
    referrer: res.headers['referrer-policy'],
    poweredBy: res.headers['x-powered-by'],
  };
  expect(headers).toEqual({ what, nosniff: 'nosniff', frameOptions: 'DENY', cacheControl: expect.stringMatching(/\bno-store\b/), referrer: 'no-referrer', poweredBy: undefined });
  expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'/);
}

describe('Security headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('every API response, error or not, is hardened, uncached and framed by nobody; no HSTS over http', async () => {
    const staff = `Bearer ${await t.token('staf.kominfo')}`;
    const letter = await draftLetter(t, { subject: 'Undangan rapat koordinasi SPBE' });
    const responses: [string, Response][] = [
      ['letter JSON', await t.http().get(`/api/v1/letters/${letter.id}`).set('Authorization', staff).expect(200)],
      ['letter list', await t.http().get('/api/v1/letters').set('Authorization', staff).expect(200)],
      ['personal data', await t.http().get('/api/v1/me').set('Authorization', staff).expect(200)],
      ['login', await t.http().post('/api/v1/auth/login').send({ username: 'staf.kominfo', password: 'salah-sekali' }).expect(401)],
      ['no token', await t.http().get('/api/v1/letters').expect(401)],
      ['unknown route', await t.http().get('/api/v1/tidak-ada').expect(404)],
      ['bad JSON', await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username":').expect(400)],
      ['health', await t.http().get('/health')],
    ];
    for (const [what, res] of responses) {
      expectHardened(res, what);
      expect({ what, csp: res.headers['content-security-policy'] }).toEqual({ what, csp: "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'" });
      expect({ what, hsts: res.headers['strict-transport-security'] }).toEqual({ what, hsts: undefined });
    }
    expect(responses[0][1].headers['cache-control']).toBe('no-store');
  });

  it('a letter PDF is never cached and never sniffed', async () => {
    const p = await positionIds(t);
    const letter = await draftLetter(t, { reviewers: [{ positionIds: [p['KASI-APTIKA']] }] });
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    // Entering review renders the draft (KONSEP) in the workers.
    await eventually(async () => (await t.sql(`SELECT 1 FROM letter_document WHERE letter_id = $1 AND kind = 'draft'`, [letter.id])).length > 0);
    const pdf = await t.http().get(`/api/v1/letters/${letter.id}/document`).set('Authorization', `Bearer ${await t.token('staf.kominfo')}`).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expectHardened(pdf, 'letter PDF');
    expect(pdf.headers['cache-control']).toBe('no-store');
  });

  it('the public verification page allows its inline style and nothing else', async () => {
    const page = await t.http().get('/verify/TIDAKADA1234').expect(404).expect('Content-Type', /html/);
    expectHardened(page, 'verification page');
    expect(page.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  });

  it('Swagger UI gets a policy for its own scripts and styles; the OpenAPI document stays under the API policy', async () => {
    const ui = await t.http().get('/api/docs').expect(200).expect('Content-Type', /html/);
    expectHardened(ui, 'swagger ui');
    const csp = ui.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    // Every script of the page is one of its own files, which the policy allows.
    const scripts = [...ui.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(inline.trim()).toBe('');
      const src = /src=["']([^"']+)["']/.exec(attributes)![1];
      await t.http().get(new URL(src, `${t.baseUrl}/api/docs/`).pathname).expect(200).expect('Content-Type', /javascript/);
    }
    const json = await t.http().get('/api/docs-json').expect(200);
    expect(json.headers['content-security-policy']).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
  });

  describe('a signed token must carry an expiry within the configured lifetime', () => {
    const claims = async (username: string) => {
      const [row] = await t.sql<{ id: string; token_version: number }>('SELECT id, token_version FROM person WHERE username = $1', [username]);
      return { sub: row.id, ver: row.token_version, typ: 'access' };
    };

    it('refuses a token without exp with 401 TOKEN_INVALID', async () => {
      const token = await t.app.get(JwtService).signAsync(await claims('kadis.kominfo'));
      const res = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(res.body.code).toBe('TOKEN_INVALID');
      expectHardened(res, 'refused token');
    });

    it('refuses a token that outlives JWT_TTL_SECONDS, and accepts one within it', async () => {
      const jwt = t.app.get(JwtService);
      const forever = await jwt.signAsync(await claims('kadis.kominfo'), { expiresIn: 10 * 365 * 86400 });
      expect((await t.http().get('/api/v1/me').set('Authorization', `Bearer ${forever}`).expect(401)).body.code).toBe('TOKEN_INVALID');
      const fair = await jwt.signAsync(await claims('kadis.kominfo'), { expiresIn: t.config.JWT_TTL_SECONDS });
      expect((await t.http().get('/api/v1/me').set('Authorization', `Bearer ${fair}`).expect(200)).body.username).toBe('kadis.kominfo');
    });
  });
});

describe('In production', () => {
  it('serves no API docs and sends HSTS when PUBLIC_URL is https', async () => {
    const t = await createTestApp({ ...PRODUCTION, PUBLIC_URL: 'https://esurat.pekalongankota.go.id' });
    try {
      for (const path of ['/api/docs', '/api/docs/', '/api/docs/swagger-ui-init.js', '/api/docs-json']) {
        const res = await t.http().get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
      }
      const health = await t.http().get('/health');
      expectHardened(health, 'health over https');
      expect(health.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await t.close();
    }
  });

  it('serves them when API_DOCS_ENABLED is on', async () => {
    const t = await createTestApp({ ...PRODUCTION, API_DOCS_ENABLED: 'true' });
    try {
      const ui = await t.http().get('/api/docs').expect(200).expect('Content-Type', /html/);
      expect(ui.headers['content-security-policy']).toContain("script-src 'self'");
      expect((await t.http().get('/api/docs-json').expect(200)).body.openapi).toMatch(/^3\./);
      expect((await t.http().get('/health')).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
