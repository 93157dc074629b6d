import { approvalBody, ModuleSetup, permitPdf, SIMPADU_KEY } from '../factories/approvals.factory';
import { draftLetter, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

/** A JSON array nested `depth` deep, as text (JSON.stringify itself would recurse). */
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/**
 * What no request may carry, on any route, refused with a 400 and a code before a DTO sees it:
 * nesting past 32 levels, NUL, lone surrogates, and numbers past what the database holds.
 */
describe('Input limits', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  let setup: ModuleSetup;

  beforeAll(async () => {
    t = await createTestApp();
    admin = `Bearer ${await t.token('admin')}`;
    staff = `Bearer ${await t.token('staf.kominfo')}`;
    setup = { moduleId: '', apiKey: SIMPADU_KEY, webhookSecret: '', positions: await positionIds(t) };
  });
  afterAll(() => t.close());

  const rawJson = (method: 'post' | 'patch', url: string, body: string, auth?: [string, string]) => {
    const req = t.http()[method](url).set('Content-Type', 'application/json');
    if (auth) req.set(auth[0], auth[1]);
    return req.send(body);
  };

  describe('nesting', () => {
    it('refuses a 5,000-deep array in a field and a 100,000-deep extra field on every kind of route', async () => {
      const routes: [string, [string, string] | undefined][] = [
        ['/api/v1/auth/login', undefined],
        ['/api/v1/approvals', ['X-Api-Key', SIMPADU_KEY]],
        ['/api/v1/people', ['Authorization', admin]],
        ['/api/v1/letters', ['Authorization', staff]],
        // Refused before authentication too: parsing comes first.
        ['/api/v1/units', undefined],
      ];
      for (const [url, auth] of routes) {
        const inField = await rawJson('post', url, `{"username":${deepArray(5000)},"password":"x"}`, auth);
        expect({ url, status: inField.status, code: inField.body.code }).toEqual({ url, status: 400, code: 'BODY_TOO_DEEP' });
        const extra = await rawJson('post', url, `{"username":"a","password":"b","extra":${deepArray(100_000)}}`, auth);
        expect({ url, status: extra.status, code: extra.body.code }).toEqual({ url, status: 400, code: 'BODY_TOO_DEEP' });
      }
      expect((await rawJson('patch', '/api/v1/people/00000000-0000-4000-8000-000000000000', `{"name":${deepArray(40)}}`, ['Authorization', admin])).body).toEqual({
        code: 'BODY_TOO_DEEP',
        message: 'The request body nests arrays or objects deeper than 32 levels',
        details: { maxDepth: 32 },
      });
    });

    it('accepts nesting up to 32 levels', async () => {
      // 31 levels inside the body object: the DTO refuses the value, the parser does not.
      const res = await rawJson('post', '/api/v1/auth/login', `{"username":${deepArray(31)},"password":"x"}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const metadata = JSON.parse('{"a":'.repeat(30) + '1' + '}'.repeat(30));
      const ok = await t.http().post('/api/v1/approvals').set('X-Api-Key', SIMPADU_KEY).send(approvalBody(setup, { metadata }));
      expect(ok.status).toBe(201);
    });

    it('answers /health promptly while 1 MB deep bodies are being refused', async () => {
      const depth = (1024 * 1024 - 64) / 2;
      const body = `{"username":"a","password":"b","x":${deepArray(depth)}}`;
      expect(body.length).toBeLessThanOrEqual(1024 * 1024);
      const started = Date.now();
      const attacks = Array.from({ length: 4 }, () => rawJson('post', '/api/v1/auth/login', body).then((r) => ({ status: r.status, code: r.body.code, ms: Date.now() - started })));
      const healthTimes: number[] = [];
      const health = (async () => {
        for (let i = 0; i < 10; i++) {
          const sent = Date.now();
          expect((await t.http().get('/health')).status).toBe(200);
          healthTimes.push(Date.now() - sent);
        }
      })();
      const refused = await Promise.all(attacks);
      await health;
      for (const r of refused) expect(r).toMatchObject({ status: 400, code: 'BODY_TOO_DEEP' });
      // Before, four such bodies held /health for 10 to 24 s and ended in 500s after 9 to 35 s.
      expect(Math.max(...healthTimes)).toBeLessThan(1000);
      expect(Math.max(...refused.map((r) => r.ms))).toBeLessThan(2000);
    });

    it('refuses a deep JSON `request` field of a multipart approval before parsing it', async () => {
      const pdf = await permitPdf();
      const res = await t
        .http()
        .post('/api/v1/approvals')
        .set('X-Api-Key', SIMPADU_KEY)
        .field('request', `{"metadata":${deepArray(50_000)}}`)
        .attach('pdf', pdf, { filename: 'a.pdf', contentType: 'application/pdf' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('BODY_TOO_DEEP');
    });

    it('refuses multipart field names that nest past the limit', async () => {
      const res = await t
        .http()
        .post('/api/v1/incoming-letters')
        .set('Authorization', `Bearer ${await t.token('tu.kominfo')}`)
        .field('s' + '[a]'.repeat(33), 'x');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('BODY_TOO_DEEP');
    });

    it('keeps bracketed query and form keys flat, so they cannot nest', async () => {
      const query = await t.http().get(`/api/v1/letters?${'a' + '[b]'.repeat(5000)}=1`).set('Authorization', staff);
      expect(query.status).toBe(400);
      expect(query.body.code).toBe('VALIDATION_FAILED');
      const form = await t.http().post('/api/v1/auth/login').type('form').send(`username=a&password=b&${'x' + '[0]'.repeat(5000)}=1`);
      expect(form.status).toBe(400);
      expect(form.body.code).toBe('VALIDATION_FAILED');
    });

    it('refuses a JSON body in another charset than UTF-8, which the scan could misread', async () => {
      const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json; charset=utf-16le').send(Buffer.from('{"username":"a","password":"b"}', 'utf16le'));
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('characters', () => {
    const nul = 'a\u0000b';

    it('refuses a NUL byte in the login username, an approval title, a person name and a letter subject', async () => {
      const login = await t.http().post('/api/v1/auth/login').send({ username: nul, password: 'x' });
      expect(login.status).toBe(400);
      expect(login.body).toEqual({ code: 'INVALID_CHARACTER', message: 'username contains a NUL character', details: [{ field: 'username', errors: ['username contains a NUL character'] }] });

      const approval = await t.http().post('/api/v1/approvals').set('X-Api-Key', SIMPADU_KEY).send(approvalBody(setup, { title: `Izin ${nul}` }));
      expect([approval.status, approval.body.code, approval.body.details]).toEqual([400, 'INVALID_CHARACTER', [{ field: 'title', errors: ['title contains a NUL character'] }]]);

      const person = await t.http().post('/api/v1/people').set('Authorization', admin).send({ username: 'orang.baru', name: `Budi ${nul}`, roles: ['staff'], password: 'Rahasia#2026x' });
      expect([person.status, person.body.code]).toEqual([400, 'INVALID_CHARACTER']);

      const draft = await draftLetter(t);
      const letter = await t.http().patch(`/api/v1/letters/${draft.id}`).set('Authorization', staff).send({ subject: `Perihal ${nul}`, version: draft.version });
      expect([letter.status, letter.body.code]).toEqual([400, 'INVALID_CHARACTER']);

      const metadataKey = await t.http().post('/api/v1/approvals').set('X-Api-Key', SIMPADU_KEY).send(approvalBody(setup, { metadata: { [`k${nul}`]: 1 } }));
      expect([metadataKey.status, metadataKey.body.code]).toEqual([400, 'INVALID_CHARACTER']);
      const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM person WHERE username = 'orang.baru'`);
      expect(n).toBe(0);
    });

    it('refuses a lone surrogate in an e-mail, in a query and in a multipart field', async () => {
      const person = await rawJson('post', '/api/v1/people', '{"username":"orang.lain","name":"Siti","email":"siti\\ud800@kominfo.go.id","roles":["staff"],"password":"Rahasia#2026x"}', [
        'Authorization',
        admin,
      ]);
      expect([person.status, person.body.code, person.body.details]).toEqual([400, 'INVALID_CHARACTER', [{ field: 'email', errors: ['email contains a lone UTF-16 surrogate'] }]]);
      const search = await t.http().get('/api/v1/people?q=%00').set('Authorization', admin);
      expect([search.status, search.body.code]).toEqual([400, 'INVALID_CHARACTER']);
      const multipart = await t.http().post('/api/v1/incoming-letters').set('Authorization', `Bearer ${await t.token('tu.kominfo')}`).field('senderName', 'Dinas\u0000');
      expect([multipart.status, multipart.body.code]).toEqual([400, 'INVALID_CHARACTER']);
      expect((await t.http().post('/api/v1/auth/login').send({ username: 'x\udc00', password: 'y' })).body.code).toBe('INVALID_CHARACTER');
    });
  });

  describe('numbers', () => {
    it('refuses page=1e300 and other out-of-range pages on every list', async () => {
      const lists: [string, [string, string]][] = [
        ['/api/v1/letters', ['Authorization', staff]],
        ['/api/v1/inbox', ['Authorization', staff]],
        ['/api/v1/people', ['Authorization', admin]],
        ['/api/v1/approvals', ['X-Api-Key', SIMPADU_KEY]],
      ];
      for (const [url, [header, value]] of lists) {
        const huge = await t.http().get(`${url}?page=1e300`).set(header, value);
        expect({ url, status: huge.status, code: huge.body.code }).toEqual({ url, status: 400, code: 'NUMBER_OUT_OF_RANGE' });
        expect(huge.body.details).toEqual([{ field: 'page', errors: ['page must be between -2147483648 and 2147483647'] }]);
        expect((await t.http().get(`${url}?page=2147483648`).set(header, value)).body.code).toBe('NUMBER_OUT_OF_RANGE');
        for (const bad of ['-1', '1.5', '0', 'abc']) {
          const res = await t.http().get(`${url}?page=${bad}`).set(header, value);
          expect({ url, bad, status: res.status, code: res.body.code }).toEqual({ url, bad, status: 400, code: 'VALIDATION_FAILED' });
        }
        expect((await t.http().get(`${url}?page=2147483647`).set(header, value)).status).toBe(200);
      }
    });

    it('refuses version 2147483648, 1e300, 1e400, a negative and a fractional version on a transition and an update', async () => {
      const draft = await draftLetter(t);
      const transition = (version: string) => rawJson('post', `/api/v1/letters/${draft.id}/transitions`, `{"event":"submit","version":${version}}`, ['Authorization', staff]);
      const update = (version: string) => rawJson('patch', `/api/v1/letters/${draft.id}`, `{"subject":"Perihal baru","version":${version}}`, ['Authorization', staff]);
      for (const send of [transition, update]) {
        expect([(await send('2147483648')).status, (await send('2147483648')).body.code]).toEqual([400, 'NUMBER_OUT_OF_RANGE']);
        expect((await send('1e300')).body.code).toBe('NUMBER_OUT_OF_RANGE');
        expect((await send('1e400')).body.code).toBe('NUMBER_OUT_OF_RANGE');
        for (const bad of ['-1', '1.5', '0']) {
          const res = await send(bad);
          expect([bad, res.status, res.body.code]).toEqual([bad, 400, 'VALIDATION_FAILED']);
        }
      }
      const [row] = await t.sql<{ version: number; state: string }>('SELECT version, state FROM letter WHERE id = $1', [draft.id]);
      expect(row.version).toBe(draft.version);
      expect((await transition(String(draft.version))).status).toBe(200);
    });
  });
});
