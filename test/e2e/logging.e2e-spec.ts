import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEMO_PASSWORD } from '../../src/seeds/demo-city';
import { deleteQueuePrefix } from '../../src/queue/redis';
import { baseTestEnv, templateDbName } from '../setup/test-env';

const root = join(__dirname, '..', '..');

const admin = async (sql: string, database = 'postgres') => {
  const env = baseTestEnv();
  const client = new Client({ host: env.DB_HOST, port: Number(env.DB_PORT), user: env.DB_USER, database });
  await client.connect();
  await client.query(sql).finally(() => client.end());
};

interface Server {
  process: ChildProcess;
  url: string;
  /** Everything the server wrote, stdout and stderr. */
  output: () => string;
  /** The JSON lines written so far. */
  lines: () => any[];
  stop: () => Promise<void>;
}

/** The built server as `npm start` runs it, on a free port it names in its start-up line, with its log captured. */
async function startServer(db: string, prefix: string): Promise<Server> {
  const child = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], {
    cwd: root,
    env: { ...process.env, ...baseTestEnv(), LOG_LEVEL: 'info', DB_NAME: db, PORT: '0', QUEUE_PREFIX: prefix, STORAGE_FS_ROOT: `/tmp/esurat-${prefix}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const lines = () => output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 240; i++) {
    const port = /listening on \S+ \(port (\d+)/.exec(output)?.[1];
    if (port) return { process: child, url: `http://127.0.0.1:${port}`, output: () => output, lines, stop };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`server did not start:\n${output}`);
}

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-if-stale.js')], { cwd: root, stdio: 'ignore' });
}, 120_000);

/** Every request has an id, its caller and their address; no credential and no query value ever reaches the log. */
describe('Structured logs', () => {
  const db = `esurat_test_log_${process.pid}`;
  const prefix = `log_${process.pid}`;
  let server: Server;

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${db} TEMPLATE ${templateDbName()}`);
    // A fault only this test's letters meet: the statement that writes them fails in PostgreSQL,
    // with the subject quoted in the error's message and the subject and body among its parameters.
    await admin(
      `CREATE FUNCTION refuse_log_probe() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN IF NEW.subject LIKE 'Uji log %' THEN RAISE EXCEPTION 'refused subject %', NEW.subject USING ERRCODE = 'XX000'; END IF; RETURN NEW; END $$;
       CREATE TRIGGER refuse_log_probe BEFORE INSERT ON letter FOR EACH ROW EXECUTE FUNCTION refuse_log_probe();`,
      db,
    );
    server = await startServer(db, prefix);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    const env = baseTestEnv();
    await deleteQueuePrefix({ host: env.REDIS_HOST, port: Number(env.REDIS_PORT) }, prefix);
  });

  const login = async (username: string) => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  const settle = () => new Promise((r) => setTimeout(r, 300));

  it('writes one JSON line per request with its id, and never a credential', async () => {
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'login-req-1' }, body: JSON.stringify({ username: 'kadis.kominfo', password: DEMO_PASSWORD }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}`, cookie: 'sesi=Kue#Rahasia#42' } });
    await fetch(`${server.url}/api/v1/me`, { headers: { 'x-api-key': 'demo-simpadu-key' } });
    await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'kadis.kominfo', password: 'Rahasia#Salah99' }) });
    await fetch(`${server.url}/api/v1/letters/00000000-0000-4000-8000-000000000000/transitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ event: 'sign', version: 1, passphrase: 'Frasa#Sandi#TTE' }),
    });
    await settle();

    const requests = server.lines().filter((l) => l.req);
    expect(requests.length).toBeGreaterThanOrEqual(5);
    expect(requests.find((l) => l.req.url === '/api/v1/auth/login')?.req.id).toBe('login-req-1');
    for (const line of requests) expect(line.req.id).toMatch(/\S/);
    for (const secret of [DEMO_PASSWORD, accessToken, accessToken.split('.')[2], 'demo-simpadu-key', 'Rahasia#Salah99', 'Frasa#Sandi#TTE', 'Kue#Rahasia#42', '$argon2id$']) {
      expect(server.output()).not.toContain(secret);
    }
  });

  it('the access line names the request, the caller (person or module) and the client address', async () => {
    const token = await login('kadis.kominfo');
    const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'who-person-1' } });
    const person = (await me.json()) as { personId: string };
    await fetch(`${server.url}/api/v1/me`, { headers: { 'x-api-key': 'demo-simpadu-key', 'x-request-id': 'who-module-1' } });
    await fetch(`${server.url}/api/v1/me`, { headers: { 'x-request-id': 'who-nobody-1' } });
    await settle();

    const access = (id: string) => server.lines().find((l) => l.req?.id === id && l.res);
    const personLine = access('who-person-1');
    expect(personLine).toMatchObject({ req: { id: 'who-person-1', remoteAddress: expect.stringMatching(/127\.0\.0\.1$/) }, res: { statusCode: 200 }, userId: `person:${person.personId}` });
    expect(access('who-module-1')).toMatchObject({ req: { remoteAddress: expect.stringMatching(/127\.0\.0\.1$/) }, userId: expect.stringMatching(/^module:[0-9a-f-]{36}$/) });
    const nobody = access('who-nobody-1');
    expect(nobody).toMatchObject({ req: { remoteAddress: expect.stringMatching(/127\.0\.0\.1$/) }, res: { statusCode: 401 } });
    expect(nobody.userId).toBeUndefined();
  });

  it('a failing query is logged with its request id and SQLSTATE, never with its values or its message', async () => {
    const token = await login('staf.kominfo');
    const positions = await fetch(`${server.url}/api/v1/positions`, { headers: { authorization: `Bearer ${token}` } });
    const byCode = Object.fromEntries(((await positions.json()) as { code: string; id: string }[]).map((p) => [p.code, p.id]));
    const res = await fetch(`${server.url}/api/v1/letters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'failing-query-1' },
      body: JSON.stringify({
        type: 'surat-keluar',
        subject: 'Uji log Subjek-Rahasia-8812',
        sifat: 'biasa',
        urgency: 'segera',
        classificationCode: '000.8.3.3',
        body: { paragraphs: ['Isi-Rahasia-7731'] },
        recipientPositionIds: [byCode['KADIS-DINKES']],
        reviewers: [{ positionIds: [byCode['KASI-APTIKA']] }],
        signers: [{ positionIds: [byCode['KADIS-KOMINFO']] }],
      }),
    });
    // The fault is injected: a statement failing in PostgreSQL is a bug, reported as one.
    const body = (await res.json()) as { code: string; message: string };
    expect([res.status, body.code, body.message]).toEqual([500, 'INTERNAL_ERROR', 'Internal server error']);
    await settle();

    const error = server.lines().find((l) => l.err && l.req?.id === 'failing-query-1' && !l.res);
    expect(error).toMatchObject({ level: 50, err: { type: 'QueryFailedError', code: 'XX000', message: 'query failed (SQLSTATE XX000)', query: expect.stringMatching(/^(WITH|INSERT|UPDATE|SELECT)\b/) } });
    // The statement's text, cut at 500 characters: enough to find it, never its values.
    expect(error.err.query.length).toBeLessThanOrEqual(501);
    expect(error.err.parameters).toBeUndefined();
    expect(server.output()).toContain('failing-query-1');
    for (const value of ['Subjek-Rahasia-8812', 'Isi-Rahasia-7731', 'refused subject']) expect(server.output()).not.toContain(value);
  });
});

/** At info, start-up says what matters in a few JSON lines, and an orderly stop says nothing alarming. */
describe('Start-up and shutdown lines', () => {
  // Empty, so that the migrations run and say so.
  const db = `esurat_test_boot_${process.pid}`;
  const prefix = `boot_${process.pid}`;

  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    const env = baseTestEnv();
    await deleteQueuePrefix({ host: env.REDIS_HOST, port: Number(env.REDIS_PORT) }, prefix);
  });

  it('a few JSON lines, the migrations among them, framework chatter at debug; no warning on SIGTERM', async () => {
    await admin(`CREATE DATABASE ${db}`);
    const server = await startServer(db, prefix);
    try {
      expect((await fetch(`${server.url}/health`)).ok).toBe(true);
      // Relays and sweeps are polling when the stop comes.
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      await server.stop();
    }
    const text = server.output().trim().split('\n');
    // Every line is pino JSON, nothing in another format.
    for (const line of text) expect(() => JSON.parse(line)).not.toThrow();
    const lines = server.lines().filter((l) => !l.req);
    expect(lines.find((l) => l.context === 'Database')).toMatchObject({ level: 30, msg: expect.stringMatching(/^Applied \d+ migration\(s\)/) });
    expect(lines.find((l) => l.context === 'Main')?.msg).toMatch(/listening on .* \(port \d+, workers on\)/);
    expect(lines.filter((l) => ['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'TypeORM'].includes(l.context))).toEqual([]);
    expect(lines.length).toBeLessThanOrEqual(8);
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  }, 120_000);
});
