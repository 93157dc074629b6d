import { createTestApp, TestApp } from '../helpers/test-app';

/** Every error class of the API answers with a 4xx and `{ code, message }`; nothing gives a 500. */
describe('Errors', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT_BYTES: '4096' });
    admin = `Bearer ${await t.token('admin')}`;
  });
  afterAll(() => t.close());

  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username": "a",').expect(400);
    expect(res.body).toEqual({ code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' });
  });

  it('unknown field → 400 VALIDATION_FAILED naming it', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 'a', password: 'b', isAdmin: true }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ field: 'isAdmin', errors: ['property isAdmin should not exist'] }]);
  });

  it('oversize body → 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.http().post('/api/v1/units').set('Authorization', admin).send({ code: 'Big', name: 'x'.repeat(10_000) }).expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    const [{ n }] = await t.sql("SELECT count(*)::int AS n FROM unit WHERE code = 'Big'");
    expect(n).toBe(0);
  });

  it('missing auth → 401, forbidden → 403, unknown id → 404, unknown route → 404', async () => {
    expect((await t.http().get('/api/v1/units').expect(401)).body.code).toBe('UNAUTHENTICATED');
    const staff = `Bearer ${await t.token('staf.kominfo')}`;
    expect((await t.http().post('/api/v1/units').set('Authorization', staff).send({ code: 'Q', name: 'Unit Q' }).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await t.http().get('/api/v1/people/00000000-0000-4000-8000-000000000000').set('Authorization', staff).expect(404)).body.code).toBe('PERSON_NOT_FOUND');
    expect((await t.http().get('/api/v1/nothing-here').set('Authorization', staff).expect(404)).body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('an error from a route that answers HTML (the printable dispatch list) is JSON, and says so', async () => {
    const staff = `Bearer ${await t.token('staf.kominfo')}`;
    const res = await t.http().get('/api/v1/letters/00000000-0000-4000-8000-000000000000/dispatch/print').set('Authorization', staff);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.code).toBe('LETTER_NOT_FOUND');
  });

  it('wrong types and a JSON array instead of an object are refused', async () => {
    expect((await t.http().post('/api/v1/units').set('Authorization', admin).send({ code: 5, name: ['a'] }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await t.http().post('/api/v1/units').set('Authorization', admin).send([1, 2]).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await t.http().post('/api/v1/units').set('Authorization', admin).set('Content-Type', 'application/json').send('null').expect(400)).body.code).toMatch(/VALIDATION_FAILED|MALFORMED_JSON/);
    expect((await t.http().post('/api/v1/delegations').set('Authorization', admin).send({ kind: 'boss', personId: 'x', positionId: 1, startsAt: 'kemarin', endsAt: {} }).expect(400)).body.details).toHaveLength(5);
  });

  it('sets a request id on every response and keeps a given one', async () => {
    const res = await t.http().get('/health').set('X-Request-Id', 'req-abc.123');
    expect(res.headers['x-request-id']).toBe('req-abc.123');
    const generated = await t.http().get('/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document generated from the DTOs', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/me', '/api/v1/units', '/api/v1/delegations', '/health']));
    const login = res.body.components.schemas.LoginDto;
    expect(login.required).toEqual(expect.arrayContaining(['username', 'password']));
    expect(res.body.components.schemas.CreatePersonDto.properties.nip.pattern).toBeDefined();
    await t.http().get('/api/docs').expect(200).expect('Content-Type', /html/);
  });
});
