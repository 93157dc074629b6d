import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config/app-config';
import { prepareDatabase } from './database/prepare-database';
import { refuseDemoSecretsInProduction } from './database/seeds/production-guard';

/** Queue workers alone, without HTTP, so API and workers can scale apart. */
async function main(): Promise<void> {
  const config = loadConfig();
  await refuseDemoSecretsInProduction(config);
  await prepareDatabase(config);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { workers: true }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  new NestLogger('Worker').log('e-Surat Core workers running');
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
