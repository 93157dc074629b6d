/** Settings shared by the e2e global setup and every test app. */
/** One template per jest run (several runs may share a machine); set by the global setup. */
export const templateDbName = (): string => {
  const name = process.env.ESURAT_TEST_TEMPLATE;
  if (!name) throw new Error('ESURAT_TEST_TEMPLATE is not set: run e2e tests through jest.config.js (its global setup makes the template)');
  return name;
};

export const baseTestEnv = (): Record<string, string> => ({
  NODE_ENV: 'test',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  DB_HOST: process.env.DB_HOST ?? '127.0.0.1',
  DB_PORT: process.env.DB_PORT ?? '5432',
  DB_USER: process.env.DB_USER ?? 'postgres',
  REDIS_HOST: process.env.REDIS_HOST ?? '127.0.0.1',
  REDIS_PORT: process.env.REDIS_PORT ?? '6379',
  JWT_SECRET: 'test-secret-for-e2e-only-0123456789',
  DEMO_SEED: 'false',
  LOGIN_RATE_LIMIT: '1000',
  LOGIN_ADDRESS_RATE_LIMIT: '1000',
  // The web UI only where the browser tests built it (test/browser/setup.ts).
  WEB_ROOT: process.env.ESURAT_TEST_WEB_ROOT ?? 'off',
});
