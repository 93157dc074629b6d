import { AppConfig, loadConfig } from '../../src/config/app-config';
import { refuseDemoSecretsInProduction } from '../../src/seeds/production-guard';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('Production refuses demo credentials', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const production = (overrides: Record<string, string> = {}) =>
    loadConfig({
      NODE_ENV: 'production',
      DB_NAME: t.dbName,
      JWT_SECRET: 'a-real-production-secret-0123456789',
      CA_PASSPHRASE: 'a-real-ca-passphrase-0123456789',
      WEBHOOK_SECRET_ENCRYPTION_KEY: 'a-real-webhook-encryption-key-0123456789',
      ...overrides,
    });

  it('names every demo credential still in force', async () => {
    const refusal = refuseDemoSecretsInProduction(production({ JWT_SECRET: new AppConfig().JWT_SECRET }));
    await expect(refusal).rejects.toThrow(/JWT_SECRET is the development default/);
    await expect(refuseDemoSecretsInProduction(production({ WEBHOOK_SECRET_ENCRYPTION_KEY: new AppConfig().WEBHOOK_SECRET_ENCRYPTION_KEY }))).rejects.toThrow(/WEBHOOK_SECRET_ENCRYPTION_KEY/);
    await expect(refuseDemoSecretsInProduction(production())).rejects.toThrow(/demo password: admin, anggota\.ppa, arsiparis, inspektur, kabid\.aptika/);
    await expect(refuseDemoSecretsInProduction(production())).rejects.toThrow(/DEMO_MODULE_API_KEY/);
  });

  it('starts once every demo password is changed and the demo key revoked', async () => {
    await t.sql('UPDATE person SET demo_password = false');
    await t.sql('UPDATE api_key SET revoked_at = now()');
    await expect(refuseDemoSecretsInProduction(production())).resolves.toBeUndefined();
  });

  it('does nothing outside production', async () => {
    await expect(refuseDemoSecretsInProduction(loadConfig({ DB_NAME: t.dbName }))).resolves.toBeUndefined();
  });
});
