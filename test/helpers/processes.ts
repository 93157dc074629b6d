import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { baseTestEnv } from '../setup/test-env';
import type { TestApp } from './test-app';

export const ROOT = join(__dirname, '..', '..');

/** Compiles the server into a temporary folder, as `nest build` does, for processes of its own. */
export async function buildServer(): Promise<string> {
  const buildDir = mkdtempSync(join(tmpdir(), 'esurat-build-'));
  await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', buildDir, '--tsBuildInfoFile', join(buildDir, 'tsbuildinfo'), '--sourceMap', 'false'], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((err: Error & { stdout?: string }) => {
    // Type errors elsewhere in the tree do not stop tsc from emitting; a missing entry point does.
    if (!existsSync(join(buildDir, 'src', 'worker.js')) || !existsSync(join(buildDir, 'src', 'app.factory.js'))) throw new Error(`server build failed: ${err.stdout ?? err.message}`);
  });
  return buildDir;
}

/** The environment of a process on the test app's database, queue prefix and storage. */
export function processEnv(t: TestApp, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...baseTestEnv(),
    NODE_PATH: join(ROOT, 'node_modules'),
    DB_NAME: t.dbName,
    QUEUE_PREFIX: t.config.QUEUE_PREFIX,
    STORAGE_FS_ROOT: t.config.STORAGE_FS_ROOT,
    DB_CREATE_IF_MISSING: 'false',
    ...extra,
  };
}

/** Queue workers alone, from the compiled worker entry point, as `npm run start:worker` runs them. */
export function startWorker(buildDir: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [join(buildDir, 'src', 'worker.js')], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

// The HTTP app as main.ts builds it, but on port 0: the bound port comes back over IPC.
const API_ENTRY = `
require('reflect-metadata');
const { createHttpApp } = require(process.argv[1] + '/src/app.factory.js');
const { loadConfig } = require(process.argv[1] + '/src/config/app-config.js');
createHttpApp(loadConfig()).then(async (app) => {
  await app.listen(0, '127.0.0.1');
  process.send(app.getHttpServer().address().port);
}, (err) => { console.error(err); process.exit(1); });
`;

/** An API process of its own from the compiled server; resolves once it listens. */
export async function startApi(buildDir: string, env: NodeJS.ProcessEnv, ms = 120_000): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, ['-e', API_ENTRY, buildDir], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('API process did not start in time')), ms);
    child.once('message', (p) => (clearTimeout(timer), resolve(Number(p))));
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`API process exited with ${code}`))));
  }).catch(async (err: Error) => {
    await kill(child);
    throw err;
  });
  return { child, baseUrl: `http://127.0.0.1:${port}` };
}

export async function kill(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}
