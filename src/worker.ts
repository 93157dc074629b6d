import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { createAppLogger } from './common/logging/logger.module';
import { ConfigError, loadConfig } from './config/app-config';
import { prepareDatabase } from './database/prepare-database';
import { refuseDemoSecretsInProduction } from './seeds/production-guard';

/** Queue workers alone, without HTTP, so API and workers can scale apart. */
async function main(): Promise<void> {
  const config = loadConfig();
  // Every line from here on, the migrations' too, is pino JSON.
  const logger = createAppLogger(config);
  Logger.overrideLogger(logger);
  await refuseDemoSecretsInProduction(config);
  await prepareDatabase(config);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { workers: true }), { logger });
  app.enableShutdownHooks();
  new Logger('Worker').log('e-Surat Core workers running');
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else new Logger('Worker').fatal({ err }, 'Start-up failed');
  process.exit(1);
});
