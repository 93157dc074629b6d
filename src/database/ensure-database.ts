import { Client } from 'pg';
import { AppConfig } from '../config/app-config';

/** Creates the configured database when it does not exist yet. */
export async function ensureDatabase(config: AppConfig): Promise<void> {
  const client = new Client({
    host: config.DB_HOST,
    port: config.DB_PORT,
    user: config.DB_USER,
    password: config.DB_PASSWORD || undefined,
    database: 'postgres',
  });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [config.DB_NAME]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${config.DB_NAME.replace(/"/g, '""')}"`);
      } catch (err) {
        // Another process created it between the check and the create.
        if ((err as { code?: string }).code !== '42P04') throw err;
      }
    }
  } finally {
    await client.end();
  }
}
