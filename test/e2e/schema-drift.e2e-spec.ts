import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { baseTestEnv, templateDbName } from '../setup/test-env';

/**
 * TypeORM's schema reader asks for the type names of a table's columns side by side on its one
 * connection (PostgresQueryRunner.loadTables, in a Promise.all): pg 8 warns "Calling
 * client.query() when the client is already executing a query", and pg 9 refuses it. Each query
 * runner of `db` here sends one query at a time, in the order they were asked; the counts say
 * how many were asked for, and sent, at once at most.
 */
function oneQueryAtATime(db: DataSource): { asked: number; sent: number } {
  const most = { asked: 0, sent: 0 };
  const create = db.createQueryRunner.bind(db);
  db.createQueryRunner = (mode) => {
    const runner = create(mode);
    const send = runner.query.bind(runner);
    let previous: Promise<unknown> = Promise.resolve();
    let [asked, sent] = [0, 0];
    runner.query = ((...args: Parameters<typeof send>) => {
      most.asked = Math.max(most.asked, ++asked);
      const next = previous.then(async () => {
        most.sent = Math.max(most.sent, ++sent);
        try {
          return await send(...args);
        } finally {
          sent--;
          asked--;
        }
      });
      previous = next.catch(() => undefined);
      return next;
    }) as typeof runner.query;
    return runner;
  };
  return most;
}

/**
 * Migrations are the only way the schema changes, so the migrated database must be exactly
 * what the entities describe: `migration:generate` would find nothing to write.
 */
describe('Schema drift', () => {
  it('the migrations produce exactly the schema the entities map', async () => {
    const config = loadConfig({ ...baseTestEnv(), DB_NAME: templateDbName() });
    const db = await new DataSource({ ...dataSourceOptions(config), entities: [join(__dirname, '..', '..', 'src', '**', '*.entity.ts')] }).initialize();
    const inFlight = oneQueryAtATime(db);
    try {
      const pending = await db.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      expect(inFlight.asked).toBeGreaterThan(1);
      expect(inFlight.sent).toBe(1);
    } finally {
      await db.destroy();
    }
  });
});
