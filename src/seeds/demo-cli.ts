import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { prepareDatabase } from '../database/prepare-database';
import { seedDemoCity } from './demo-city.seed';

/** `npm run seed:demo`: migrates and seeds the demo city into an empty database. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.isProduction) throw new Error('The demo city is never seeded in production');
  await prepareDatabase(config);
  const db = await new DataSource(dataSourceOptions(config)).initialize();
  try {
    const seeded = await seedDemoCity(db, config);
    console.log(seeded ? 'Demo city seeded.' : 'The database already holds people; nothing seeded.');
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
