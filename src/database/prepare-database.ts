import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';

/**
 * Brings the database to the current schema before the app starts: creates it when
 * missing (if allowed) and runs pending migrations, holding an advisory lock so that
 * an API process and a worker starting together do not race.
 */
export async function prepareDatabase(config: AppConfig, logger = new Logger('Database')): Promise<void> {
  if (config.DB_CREATE_IF_MISSING) await ensureDatabase(config);
  const dataSource = new DataSource(dataSourceOptions(config));
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock(727001)');
    try {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      if (ran.length > 0) logger.log(`Applied ${ran.length} migration(s): ${ran.map((m) => m.name).join(', ')}`);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock(727001)');
    }
  } finally {
    await dataSource.destroy();
  }
}
