import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client, Pool } from 'pg';
import request from 'supertest';
import { createHttpApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { DEMO_PASSWORD } from '../../src/seeds/demo-city';
import { deleteQueuePrefix } from '../../src/queue/redis';
import { baseTestEnv, templateDbName } from '../setup/test-env';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  dbName: string;
  baseUrl: string;
  /** supertest bound to the listening server, so every request crosses real HTTP. */
  http: () => ReturnType<typeof request>;
  /** Logs a demo user in (cached per username) and returns the bearer token. */
  token: (username: string) => Promise<string>;
  /** Runs SQL on this app's database (for assertions only). */
  sql: <T = any>(text: string, params?: unknown[]) => Promise<T[]>;
  close: () => Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const env = baseTestEnv();
  const client = new Client({ host: env.DB_HOST, port: Number(env.DB_PORT), user: env.DB_USER, database: 'postgres' });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Boots the real application, as `npm start` does, on its own copy of the demo-city
 * database, its own queue prefix and its own storage folder.
 */
export async function createTestApp(overrides: Record<string, string> = {}, options: { database?: string } = {}): Promise<TestApp> {
  const suffix = randomBytes(5).toString('hex');
  // A second app on the same database (a restart) reuses it and leaves its removal to the first.
  const dbName = options.database ?? `esurat_test_${suffix}`;
  const ownsDatabase = !options.database;
  if (ownsDatabase) await adminQuery(`CREATE DATABASE ${dbName} TEMPLATE ${templateDbName()}`);
  const storageRoot = mkdtempSync(join(tmpdir(), 'esurat-fs-'));
  const config = loadConfig({
    ...baseTestEnv(),
    DB_NAME: dbName,
    // A hash tag, as a Redis Cluster needs (and as the default `{esurat}` is).
    QUEUE_PREFIX: `{test_${suffix}}`,
    STORAGE_FS_ROOT: storageRoot,
    ...overrides,
  });
  let app: NestFastifyApplication | undefined;
  try {
    app = await createHttpApp(config);
    await app.listen(0, '127.0.0.1');
  } catch (err) {
    // A start-up refused in init still holds its pools and Redis connections.
    await app?.close().catch(() => undefined);
    if (ownsDatabase) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    rmSync(storageRoot, { recursive: true, force: true });
    throw err;
  }
  const started = app;
  const address = started.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;

  // A small pool, not one client: specs run their assertions' SQL concurrently (a Promise.all of factories).
  const db = new Pool({ host: config.DB_HOST, port: config.DB_PORT, user: config.DB_USER, database: dbName, max: 4 });
  // A spec that cuts the database's connections must not crash the run through an idle client.
  db.on('error', () => undefined);
  const tokens = new Map<string, string>();

  return {
    app: started,
    config,
    dbName,
    baseUrl,
    http: () => request(baseUrl),
    token: async (username: string) => {
      const cached = tokens.get(username);
      if (cached) return cached;
      const res = await request(baseUrl).post('/api/v1/auth/login').send({ username, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(username, res.body.accessToken);
      return res.body.accessToken;
    },
    sql: async (text, params) => (await db.query(text, params as unknown[])).rows,
    close: async () => {
      await db.end();
      await started.close();
      // The run's jobs would otherwise stay in Redis for good.
      await deleteQueuePrefix(config, config.QUEUE_PREFIX).catch(() => undefined);
      if (ownsDatabase) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      rmSync(storageRoot, { recursive: true, force: true });
    },
  };
}
