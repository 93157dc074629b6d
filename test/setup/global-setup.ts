import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import S3rver from 's3rver';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { prepareDatabase } from '../../src/database/prepare-database';
import { seedDemoCity } from '../../src/seeds/demo-city.seed';
import { issueDemoCertificates } from '../../src/documents/signer-credentials';
import { baseTestEnv } from './test-env';

/**
 * Once per e2e run: a template database with every migration and the demo city (each test
 * file then clones it, which takes milliseconds), and an S3 server for the s3 storage driver.
 */
export default async function globalSetup(): Promise<void> {
  const env = baseTestEnv();
  const template = `esurat_test_template_${process.pid}`;
  process.env.ESURAT_TEST_TEMPLATE = template;
  const admin = new Client({ host: env.DB_HOST, port: Number(env.DB_PORT), user: env.DB_USER, database: 'postgres' });
  await admin.connect();
  try {
    // Templates left behind by runs that died.
    const stale: { datname: string }[] = (await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'esurat\_test\_template\_%'`)).rows;
    for (const { datname } of stale) {
      const pid = Number(datname.split('_').pop());
      if (!existsSync(`/proc/${pid}`)) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const config = loadConfig({ ...env, DB_NAME: template, DB_CREATE_IF_MISSING: 'false' });
  await prepareDatabase(config);
  const db = await new DataSource(dataSourceOptions(config)).initialize();
  try {
    await seedDemoCity(db, config);
    // The deployment CA and the demo officials' signing certificates, once for every clone.
    await issueDemoCertificates(db, config);
  } finally {
    await db.destroy();
  }

  const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: mkdtempSync(join(tmpdir(), 'esurat-s3rver-')), resetOnClose: true });
  const { port } = (await s3.run()) as { port: number };
  process.env.S3_TEST_ENDPOINT = `http://127.0.0.1:${port}`;
  process.env.S3_TEST_ACCESS_KEY = 'S3RVER';
  process.env.S3_TEST_SECRET_KEY = 'S3RVER';
  (globalThis as { __S3RVER__?: S3rver }).__S3RVER__ = s3;
}
