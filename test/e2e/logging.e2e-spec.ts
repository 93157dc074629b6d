import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEMO_PASSWORD } from '../../src/database/seeds/demo-city';
import { deleteQueuePrefix } from '../../src/queue/redis';
import { baseTestEnv, templateDbName } from '../setup/test-env';

/**
 * The built server as `npm start` runs it, with its JSON log on stdout: every request has
 * an id, and no password, token, API key or passphrase ever reaches the log.
 */
describe('Structured logs', () => {
  const root = join(__dirname, '..', '..');
  const db = `esurat_test_log_${process.pid}`;
  let server: ChildProcess;
  let output = '';
  const port = 3950 + (process.pid % 40);
  const url = `http://127.0.0.1:${port}`;

  const admin = async (sql: string) => {
    const env = baseTestEnv();
    const client = new Client({ host: env.DB_HOST, port: Number(env.DB_PORT), user: env.DB_USER, database: 'postgres' });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };

  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, 'scripts', 'build-if-stale.js')], { cwd: root, stdio: 'ignore' });
    await admin(`CREATE DATABASE ${db} TEMPLATE ${templateDbName()}`);
    server = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], {
      cwd: root,
      env: { ...process.env, ...baseTestEnv(), LOG_LEVEL: 'info', DB_NAME: db, PORT: String(port), QUEUE_PREFIX: `log_${process.pid}`, STORAGE_FS_ROOT: `/tmp/esurat-log-${process.pid}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk) => (output += chunk));
    server.stderr!.on('data', (chunk) => (output += chunk));
    for (let i = 0; i < 120; i++) {
      if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`server did not start:\n${output}`);
  }, 120_000);

  afterAll(async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    const env = baseTestEnv();
    await deleteQueuePrefix({ host: env.REDIS_HOST, port: Number(env.REDIS_PORT) }, `log_${process.pid}`);
  });

  it('writes one JSON line per request with its id, and never a credential', async () => {
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'login-req-1' }, body: JSON.stringify({ username: 'kadis.kominfo', password: DEMO_PASSWORD }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    await fetch(`${url}/api/v1/me`, { headers: { 'x-api-key': 'demo-simpadu-key' } });
    await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'kadis.kominfo', password: 'Rahasia#Salah99' }) });
    await fetch(`${url}/api/v1/letters/00000000-0000-4000-8000-000000000000/transitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ event: 'sign', version: 1, passphrase: 'Frasa#Sandi#TTE' }),
    });
    await new Promise((r) => setTimeout(r, 300));

    const lines = output.split('\n').filter((l) => l.startsWith('{'));
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.req);
    expect(requests.length).toBeGreaterThanOrEqual(5);
    expect(requests.find((l) => l.req.url === '/api/v1/auth/login')?.req.id).toBe('login-req-1');
    for (const line of requests) expect(line.req.id).toMatch(/\S/);
    for (const secret of [DEMO_PASSWORD, accessToken, accessToken.split('.')[2], 'demo-simpadu-key', 'Rahasia#Salah99', 'Frasa#Sandi#TTE']) {
      expect(output).not.toContain(secret);
    }
  });
});
