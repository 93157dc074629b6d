import { Client } from 'pg';
import { hashApiKey } from '../auth/api-keys.service';
import { AppConfig } from '../config/app-config';

const DEFAULTS = new AppConfig();

/**
 * In production, refuses to start while a demo credential could still open the system:
 * a default secret (tokens, CA key, webhook secrets), a person still on the demo password,
 * or the demo module key.
 */
export async function refuseDemoSecretsInProduction(config: AppConfig): Promise<void> {
  if (!config.isProduction) return;
  const problems: string[] = [];
  if (config.JWT_SECRET === DEFAULTS.JWT_SECRET) problems.push('JWT_SECRET is the development default');
  if (config.CA_PASSPHRASE === DEFAULTS.CA_PASSPHRASE) problems.push('CA_PASSPHRASE (seals the deployment CA key) is the development default');
  if (config.WEBHOOK_SECRET_ENCRYPTION_KEY === DEFAULTS.WEBHOOK_SECRET_ENCRYPTION_KEY) {
    problems.push('WEBHOOK_SECRET_ENCRYPTION_KEY (encrypts the modules\' webhook secrets) is the development default');
  }
  const client = new Client({ host: config.DB_HOST, port: config.DB_PORT, user: config.DB_USER, password: config.DB_PASSWORD || undefined, database: config.DB_NAME });
  try {
    await client.connect();
  } catch {
    // No database yet: nothing seeded, nothing to refuse.
  }
  try {
    const people = await client.query(
      "SELECT username FROM person WHERE demo_password AND active ORDER BY username",
    ).catch(() => ({ rows: [] as { username: string }[] }));
    if (people.rows.length > 0) {
      problems.push(`these accounts still have the demo password: ${people.rows.map((r) => r.username).join(', ')}`);
    }
    const keys = await client
      .query('SELECT 1 FROM api_key WHERE key_hash = $1 AND revoked_at IS NULL', [hashApiKey(config.DEMO_MODULE_API_KEY)])
      .catch(() => ({ rows: [] }));
    if (keys.rows.length > 0) problems.push('the demo module API key (DEMO_MODULE_API_KEY) is still valid: revoke it');
  } finally {
    await client.end().catch(() => undefined);
  }
  if (problems.length > 0) {
    throw new Error(`Refusing to start in production:\n  - ${problems.join('\n  - ')}`);
  }
}
