import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashApiKey } from '../auth/api-keys.service';
import { hashPassword } from '../auth/passwords';
import { AppConfig } from '../config/app-config';
import { DEMO_MODULE, DEMO_PASSWORD, demoAddresses, demoPeople, demoPositions, demoUnits } from './demo-city';

/** True when no person exists yet: the only state in which the demo city is seeded. */
export async function isDatabaseEmpty(db: DataSource): Promise<boolean> {
  const [row] = await db.query('SELECT count(*)::int AS n FROM person');
  return row.n === 0;
}

/** Seeds the demo city in one transaction; a second run on a non-empty database does nothing. */
export async function seedDemoCity(db: DataSource, config: AppConfig, logger = new Logger('Seed')): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    // One seeder at a time, and never over real data.
    await tx.query('SELECT pg_advisory_xact_lock(727002)');
    const [{ n }] = await tx.query('SELECT count(*)::int AS n FROM person');
    if (n > 0) return false;

    const unitIds = new Map<string, string>();
    for (const u of demoUnits) {
      const [row] = await tx.query(
        `INSERT INTO unit (code, name, parent_id, letterhead) VALUES ($1, $2, $3, $4) RETURNING id`,
        [u.code, u.name, u.parent ? unitIds.get(u.parent) : null, JSON.stringify({ lines: u.lines, ...demoAddresses[u.code] })],
      );
      unitIds.set(u.code, row.id);
    }
    const positionIds = new Map<string, string>();
    for (const p of demoPositions) {
      const [row] = await tx.query(
        `INSERT INTO position (code, name, unit_id, superior_id, is_head, can_sign) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [p.code, p.name, unitIds.get(p.unit), p.superior ? positionIds.get(p.superior) : null, p.isHead, p.canSign],
      );
      positionIds.set(p.code, row.id);
    }
    for (const person of demoPeople) {
      const [row] = await tx.query(
        `INSERT INTO person (username, name, nip, rank, nik, roles, password_hash, demo_password) VALUES ($1, $2, $3, $4, $5, $6, $7, true) RETURNING id`,
        [person.username, person.name, person.nip, person.rank, person.nik, person.roles, passwordHash],
      );
      if (person.position) {
        await tx.query(`INSERT INTO position_assignment (person_id, position_id, started_on) VALUES ($1, $2, DATE '2025-01-02')`, [
          row.id,
          positionIds.get(person.position),
        ]);
      }
    }
    const [module] = await tx.query(`INSERT INTO module_client (name, description, scopes) VALUES ($1, $2, $3) RETURNING id`, [
      DEMO_MODULE.name,
      DEMO_MODULE.description,
      DEMO_MODULE.scopes,
    ]);
    await tx.query(`INSERT INTO api_key (module_id, key_hash, prefix, scopes) VALUES ($1, $2, $3, $4)`, [
      module.id,
      hashApiKey(config.DEMO_MODULE_API_KEY),
      config.DEMO_MODULE_API_KEY.slice(0, 10),
      DEMO_MODULE.scopes,
    ]);
    logger.log(`Seeded the demo city Pemerintah Kota Pekalongan: ${demoPeople.length} people; their accounts are listed in the README`);
    return true;
  });
}
