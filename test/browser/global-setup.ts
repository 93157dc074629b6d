import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import e2eGlobalSetup from '../setup/global-setup';

/**
 * Once per browser run: the e2e template database and S3 server, and the real build
 * (`nest build` and the web UI, as `npm start` makes them) that every browser test serves.
 */
export default async function globalSetup(): Promise<void> {
  const root = join(__dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'scripts', 'build-if-stale.js')], { cwd: root, stdio: 'inherit' });
  process.env.ESURAT_TEST_WEB_ROOT = join(root, 'web', 'dist');
  await e2eGlobalSetup();
}
