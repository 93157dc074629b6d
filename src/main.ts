import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHttpApp } from './app.factory';
import { createAppLogger } from './common/logging/logger.module';
import { ConfigError, loadConfig } from './config/app-config';
import { refuseDemoSecretsInProduction } from './seeds/production-guard';

async function main(): Promise<void> {
  const config = loadConfig();
  Logger.overrideLogger(createAppLogger(config));
  await refuseDemoSecretsInProduction(config);
  const app = await createHttpApp(config);
  await listenOnAllInterfaces(app, config.PORT);
  // The bound port, not the asked one: PORT=0 takes any free port.
  const { port } = app.getHttpServer().address() as { port: number };
  new Logger('Main').log(`e-Surat Core listening on ${config.PUBLIC_URL} (port ${port}, workers ${config.WORKERS_ENABLED ? 'on' : 'off'})`);
}

/** Every address of the machine, IPv6 and IPv4 (as node:http's default); IPv4 alone where IPv6 is off. */
async function listenOnAllInterfaces(app: Awaited<ReturnType<typeof createHttpApp>>, port: number): Promise<void> {
  try {
    await app.listen(port, '::');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL') throw err;
    await app.listen(port, '0.0.0.0');
  }
}

main().catch((err) => {
  // A configuration error is the operator's to fix: print it plainly, without a stack.
  if (err instanceof ConfigError) console.error(err.message);
  else new Logger('Main').fatal({ err }, 'Start-up failed');
  process.exit(1);
});
