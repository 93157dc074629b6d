import { ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { deleteQueuePrefix } from '../src/queue/redis';

/** The real server in its own process, on its own fresh database, as `npm start` runs it. */
export interface BenchServer {
  url: string;
  dbName: string;
  /** The API process and, with workers in a process of their own, the worker process. */
  pids: { api: number; worker?: number };
  /** With `nodes` (startBenchServer's last argument): every API process's URL and pid, and every worker process's pid. */
  urls: string[];
  apiPids: number[];
  workerPids: number[];
  stop: () => Promise<void>;
}

/** Where the benchmarks' own connections go: the server's database settings, from the same environment. */
export const benchDb = (): { host: string; port: number; user: string } => ({
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: Number(process.env.DB_PORT ?? 5432),
  user: process.env.DB_USER ?? 'postgres',
});

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ ...benchDb(), database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A port no one listens on now: benchmarks of several checkouts may run on one machine at once. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * `workers`: 'inline' runs the queue workers in the API process (as `npm start` does);
 * 'process' runs them in a second process (`npm run start:worker`, as docker/ deploys them);
 * 'none' runs none, so jobs wait in Redis.
 */
export async function startBenchServer(
  port: number,
  env: Record<string, string> = {},
  workers: 'inline' | 'process' | 'none' = 'inline',
  /** Several nodes on the one database and queue prefix (bench/scale.bench.ts): API processes beyond the first, on ports of their own, and worker processes ('process' only). */
  nodes: { apis?: number; workers?: number } = {},
): Promise<BenchServer> {
  const db = `esurat_bench_${process.pid}`;
  await adminQuery(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  // BENCH_NODE_FLAGS lets a profiling run pass e.g. --cpu-prof to the server process.
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const serverEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    DB_NAME: db,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    QUEUE_PREFIX: `bench_${process.pid}`,
    STORAGE_FS_ROOT: `/tmp/esurat-bench-${process.pid}`,
    LOGIN_RATE_LIMIT: '100000',
    LOGIN_ADDRESS_RATE_LIMIT: '100000',
    ...env,
    ...(workers === 'inline' ? {} : { WORKERS_ENABLED: 'false' }),
  };
  const child: ChildProcess = spawn(process.execPath, [...flags, join(__dirname, '..', 'src', 'main.js')], { env: serverEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  const children: ChildProcess[] = [child];
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bench server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) {
        // The demo city is seeded just after the server starts listening.
        const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Demo#2026' }) });
        if (login.ok) break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('bench server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  // Started once the API has migrated and seeded the database.
  const workerProcs: ChildProcess[] = [];
  if (workers === 'process') {
    const workerFlags = (process.env.BENCH_WORKER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    for (let i = 0; i < (nodes.workers ?? 1); i++) {
      workerProcs.push(spawn(process.execPath, [...workerFlags, join(__dirname, '..', 'src', 'worker.js')], { env: { ...serverEnv, WORKERS_ENABLED: 'true' }, stdio: ['ignore', 'ignore', 'inherit'] }));
    }
  }
  // Further API processes on the migrated, seeded database: stateless, they only need to listen.
  const urls = [url];
  for (let i = 1; i < (nodes.apis ?? 1); i++) {
    const more = await freePort();
    const api = spawn(process.execPath, [...flags, join(__dirname, '..', 'src', 'main.js')], { env: { ...serverEnv, PORT: String(more) }, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(api);
    urls.push(`http://127.0.0.1:${more}`);
    for (const until = Date.now() + 60_000; ; ) {
      if (api.exitCode !== null) throw new Error(`bench server ${i + 1} exited with ${api.exitCode}`);
      if ((await fetch(`${urls[i]}/health`).catch(() => undefined))?.ok) break;
      if (Date.now() > until) throw new Error(`bench server ${i + 1} did not start within 60 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    url,
    urls,
    dbName: db,
    pids: { api: child.pid!, worker: workerProcs[0]?.pid },
    apiPids: children.map((c) => c.pid!),
    workerPids: workerProcs.map((w) => w.pid!),
    stop: async () => {
      for (const p of [...workerProcs, ...children]) {
        if (!p || p.exitCode !== null) continue;
        p.kill('SIGTERM');
        await new Promise((r) => p.once('exit', r));
      }
      await adminQuery(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      rmSync(serverEnv.STORAGE_FS_ROOT, { recursive: true, force: true });
      await deleteQueuePrefix({ host: process.env.REDIS_HOST ?? '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379) }, serverEnv.QUEUE_PREFIX);
    },
  };
}

export async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Demo#2026' }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
