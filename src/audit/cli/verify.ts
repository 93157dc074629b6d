/** `node dist/src/audit/cli/verify.js [--checkpoint file.json]... [--ca ca.pem]`: checks the audit trail (see audit-verify.command.ts). */
import { ConfigError, loadConfig } from '../../config/app-config';
import { runAuditVerify } from './audit-verify.command';

runAuditVerify(process.argv.slice(2), loadConfig(), { out: console.log, err: console.error }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exitCode = 2;
  },
);
