import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { baseTestEnv, templateDbName } from '../setup/test-env';

/**
 * Migrations are the only way the schema changes, so the migrated database must be exactly
 * what the entities describe: `migration:generate` would find nothing to write.
 */
describe('Schema drift', () => {
  it('the migrations produce exactly the schema the entities map', async () => {
    const config = loadConfig({ ...baseTestEnv(), DB_NAME: templateDbName() });
    const db = await new DataSource({ ...dataSourceOptions(config), entities: [join(__dirname, '..', '..', 'src', '**', '*.entity.ts')] }).initialize();
    try {
      const pending = await db.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
