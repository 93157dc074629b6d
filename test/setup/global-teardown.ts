import { Client } from 'pg';
import type S3rver from 's3rver';
import { baseTestEnv } from './test-env';

/** How long the process may stay up after the run before what keeps it up counts as a leak. */
const EXIT_GRACE_MS = 30_000;

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __S3RVER__?: S3rver }).__S3RVER__?.close();
  const env = baseTestEnv();
  const admin = new Client({ host: env.DB_HOST, port: Number(env.DB_PORT), user: env.DB_USER, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${process.env.ESURAT_TEST_TEMPLATE} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  failIfTheProcessStaysUp();
}

/**
 * e2e and browser specs run in band, in this process. A connection or timer a spec leaves
 * behind (a client that keeps reconnecting, say) would keep it alive for good, and the run
 * would never end: after a grace period it fails instead, naming what is still open. The timer
 * is unref'd, so a clean run exits at once without waiting for it.
 */
function failIfTheProcessStaysUp(): void {
  setTimeout(() => {
    const open = process.getActiveResourcesInfo().filter((type) => type !== 'Timeout');
    process.stderr.write(`\nThe test run ended ${EXIT_GRACE_MS / 1000} s ago but the process is still kept up by: ${open.join(', ') || 'timers'}. A spec left a connection or timer open; failing the run.\n`);
    process.exit(1);
  }, EXIT_GRACE_MS).unref();
}
