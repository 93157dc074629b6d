import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');
const COMPOSE = join(ROOT, 'docker', 'compose.yaml');
const run = promisify(execFile);

/** The secrets docker/compose.yaml requires (`${VAR:?...}`), with placeholder values. */
const ENV = {
  PUBLIC_URL: 'https://esurat.example.go.id',
  DB_PASSWORD: 'db-secret',
  REDIS_PASSWORD: 'redis-secret',
  MINIO_ROOT_USER: 'esurat',
  MINIO_ROOT_PASSWORD: 'minio-secret',
  JWT_SECRET: 'j'.repeat(32),
  CA_PASSPHRASE: 'ca-secret',
  WEBHOOK_SECRET_ENCRYPTION_KEY: 'w'.repeat(32),
  DEMO_MODULE_API_KEY: 'not-a-module-key',
  REPLICATION_PASSWORD: 'replication-secret',
};

const DEFAULT_SERVICES = ['api', 'minio', 'postgres', 'redis', 'worker'];
const SCALED_SERVICES = ['api-1', 'api-2', 'minio-1', 'minio-2', 'minio-3', 'minio-4', 'pg-primary', 'pg-replica', 'proxy', 'redis-master', 'redis-replica', 'scaled-worker', 'sentinel-1', 'sentinel-2', 'sentinel-3'];

/**
 * docker/compose.yaml as docker-compose reads it (scripts/install-system-deps.sh installs
 * docker-compose, so this never skips): both profiles validate, and the scaled profile is the
 * topology README "Running several nodes" describes.
 */
describe('docker/compose.yaml', () => {
  let dir: string;
  let envFile: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'esurat-compose-'));
    envFile = join(dir, '.env');
    writeFileSync(envFile, Object.entries(ENV).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const config = async (args: string[], env = envFile) => {
    const { stdout } = await run('docker-compose', ['-f', COMPOSE, '--env-file', env, ...args, 'config'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
    return parse(stdout) as { services: Record<string, any> };
  };

  it('validates without a profile: the single-node services, none of them in a profile', async () => {
    const { services } = await config([]);
    const unprofiled = Object.keys(services).filter((name) => !services[name].profiles);
    expect(unprofiled.sort()).toEqual(DEFAULT_SERVICES);
    expect(services.api.environment).toMatchObject({ DB_HOST: 'postgres', REDIS_HOST: 'redis', S3_ENDPOINT: 'http://minio:9000', WORKERS_ENABLED: 'false' });
  }, 60_000);

  it('validates with --profile scaled: two APIs behind HAProxy, workers, Sentinel, a PostgreSQL replica, MinIO on four nodes', async () => {
    const { services } = await config(['--profile', 'scaled']);
    const scaled = Object.keys(services).filter((name) => services[name].profiles?.includes('scaled'));
    expect(scaled.sort()).toEqual(SCALED_SERVICES);
    for (const api of ['api-1', 'api-2']) {
      expect(services[api].environment).toMatchObject({
        DB_HOST: 'pg-primary',
        DB_READ_HOSTS: 'pg-replica',
        REDIS_SENTINELS: 'sentinel-1:26379,sentinel-2:26379,sentinel-3:26379',
        REDIS_SENTINEL_MASTER: 'esurat',
        QUEUE_PREFIX: '{esurat}',
        WORKERS_ENABLED: 'false',
      });
      expect(services.proxy.depends_on[api]).toEqual({ condition: 'service_healthy' });
    }
    expect(services['scaled-worker'].environment.WORKERS_ENABLED).toBe('true');
    expect(services['scaled-worker'].deploy.replicas).toBe(2);
    expect(services['redis-replica'].command).toContain('--replicaof redis-master 6379');
    for (const s of ['sentinel-1', 'sentinel-2', 'sentinel-3']) expect(services[s].command.join(' ')).toContain('sentinel monitor esurat redis-master 6379 2');
    for (const n of [1, 2, 3, 4]) expect(services[`minio-${n}`].command).toContain('http://minio-{1...4}/data');
    expect(services['pg-replica'].environment.PRIMARY_HOST).toBe('pg-primary');
  }, 60_000);

  it('refuses to render without the secrets', async () => {
    const empty = join(dir, 'empty.env');
    writeFileSync(empty, '');
    await expect(config([], empty)).rejects.toThrow(/DB_PASSWORD|PUBLIC_URL|mandatory/);
  }, 60_000);
});
