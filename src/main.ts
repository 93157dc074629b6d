import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHttpApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { refuseDemoSecretsInProduction } from './database/seeds/production-guard';

async function main(): Promise<void> {
  const config = loadConfig();
  await refuseDemoSecretsInProduction(config);
  const app = await createHttpApp(config);
  await app.listen(config.PORT);
  new Logger('Main').log(`e-Surat Core listening on ${config.PUBLIC_URL} (port ${config.PORT}, workers ${config.WORKERS_ENABLED ? 'on' : 'off'})`);
}

main().catch((err) => {
  // A configuration error is the operator's to fix: print it plainly, without a stack.
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
