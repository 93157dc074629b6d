import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { AppConfig } from '../../config/app-config';
import { SignedCheckpoint, verifyAuditTrail } from '../audit-verifier';

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

/**
 * `audit:verify [--checkpoint file.json]... [--ca ca.pem]`: checks every link of the audit
 * chain and every checkpoint (the stored ones and those given, as their receiver kept them:
 * a JSON object or array with `canonical` and a base64 `signature`), against the deployment
 * CA's certificate (or the one given, to pin it). Exit 0 when all hold, 1 when one does not
 * (the first broken entry is named), 2 when the check could not run.
 */
export async function runAuditVerify(args: string[], config: AppConfig, output: CommandOutput): Promise<number> {
  const external: SignedCheckpoint[] = [];
  let caCertificatePem: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    if ((args[i] === '--checkpoint' || args[i] === '--ca') && !value) {
      output.err(`${args[i]} needs a file`);
      return 2;
    }
    if (args[i] === '--checkpoint') {
      const parsed: unknown = JSON.parse(readFileSync(value, 'utf8'));
      for (const [n, c] of (Array.isArray(parsed) ? parsed : [parsed]).entries()) {
        if (typeof c?.canonical !== 'string' || typeof c?.signature !== 'string') {
          output.err(`${value}: checkpoint ${n + 1} has no canonical text and signature`);
          return 2;
        }
        external.push({ source: `${value} #${n + 1}`, canonical: c.canonical, signature: Buffer.from(c.signature, 'base64') });
      }
      i++;
    } else if (args[i] === '--ca') {
      caCertificatePem = readFileSync(value, 'utf8');
      i++;
    } else {
      output.err(`Unknown argument ${args[i]}; use --checkpoint <file.json> or --ca <certificate.pem>`);
      return 2;
    }
  }
  const connect = async () => {
    const client = new Client({ host: config.DB_HOST, port: config.DB_PORT, user: config.DB_USER, password: config.DB_PASSWORD || undefined, database: config.DB_NAME });
    await client.connect();
    return client;
  };
  const db = await connect();
  const aside = await connect().catch(async (err) => {
    await db.end();
    throw err;
  });
  try {
    // Entries committed but not chained yet (a process that crashed right after a commit) join the chain first.
    await db.query('SELECT audit_chain()');
    const report = await inOneSnapshot(db, aside, () => verifyAuditTrail(db, { external, caCertificatePem, aside }));
    output.out(`${report.entries} entries checked in ${Math.round(report.ms)} ms, ${report.checkpoints} checkpoint(s)`);
    if (report.firstBroken) output.err(`BROKEN at entry ${report.firstBroken.seq}: ${report.firstBroken.reason}`);
    for (const c of report.brokenCheckpoints) output.err(`BROKEN ${c.source}: ${c.reason}`);
    if (report.ok) output.out(`OK: the chain holds up to entry ${report.headSeq}`);
    return report.ok ? 0 : 1;
  } finally {
    await Promise.all([db.end(), aside.end()]);
  }
}

/**
 * Runs `work` with both connections reading one snapshot, so entries appended meanwhile
 * neither count as a broken head nor differ between the two.
 */
export async function inOneSnapshot<T>(db: Client, aside: Client, work: () => Promise<T>): Promise<T> {
  await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const [{ snapshot }] = (await db.query('SELECT pg_export_snapshot() AS snapshot')).rows;
  await aside.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  await aside.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
  try {
    return await work();
  } finally {
    await Promise.all([db.query('COMMIT'), aside.query('COMMIT')]);
  }
}
