import { Client } from 'pg';
import type S3rver from 's3rver';
import { baseTestEnv } from './test-env';

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
}
