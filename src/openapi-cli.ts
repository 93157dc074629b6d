import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { createOpenApiDocument } from './app.factory';
import { AppModule } from './app.module';
import { loadConfig } from './config/app-config';
import { WEB_UI_OFF } from './web/web-ui.module';

/**
 * Writes the OpenAPI document to a file (or stdout) without a database, Redis or storage: the
 * app is built in preview mode, which reads the modules' routes but starts no provider.
 * The web UI's build generates its API types from it.
 */
async function main(): Promise<void> {
  // The document does not depend on the UI, which may not be built yet.
  const config = loadConfig();
  config.WEB_ROOT = WEB_UI_OFF;
  const app = await NestFactory.create(AppModule.forRoot(config, { workers: false }), { preview: true, logger: false, abortOnError: false });
  const json = JSON.stringify(createOpenApiDocument(app, config), null, 2);
  const out = process.argv[2];
  if (out) writeFileSync(out, `${json}\n`);
  else process.stdout.write(`${json}\n`);
  await app.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
