import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { baseTestEnv } from '../setup/test-env';

/**
 * A streaming replica of the machine's PostgreSQL cluster (the primary every test app uses), for
 * the read-replica specs: a Debian cluster of its own (`pg_createcluster`), emptied and filled
 * with `pg_basebackup -R -X stream` from the primary, started on 127.0.0.1:5433 or, when that is
 * taken, another free port. It logs every statement with its session's application_name, so a
 * spec reads which queries reached it. A physical replica carries every database of the primary:
 * a test app's own database appears on it by itself.
 *
 * Needs root (the cluster belongs to the postgres user) and a primary with wal_level replica or
 * logical and max_wal_senders > 0 (Debian's defaults). When the primary's pg_hba.conf has no
 * replication rule for 127.0.0.1, one (`host replication all 127.0.0.1/32 trust`, as the machine
 * already trusts 127.0.0.1 for every database) is appended and the configuration reloaded, once:
 * no restart of the primary.
 */
export interface PgReplica {
  port: number;
  name: string;
  /** A query on the replica (database `postgres` unless named). */
  sql: <T = any>(text: string, params?: unknown[], database?: string) => Promise<T[]>;
  /** The replica's log so far. */
  log: () => string;
  /** Resolves once the replica has replayed everything the primary had written when called. */
  caughtUp: (ms?: number) => Promise<void>;
  stop: () => void;
  start: () => Promise<void>;
  drop: () => void;
}

const VERSION = '15';
const LINE_PREFIX = '%m [%p] app=%a db=%d ';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

async function query<T>(port: number, text: string, params: unknown[] = [], database = 'postgres'): Promise<T[]> {
  const env = baseTestEnv();
  const client = new Client({ host: '127.0.0.1', port, user: env.DB_USER, database, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function choosePort(): Promise<number> {
  if (await portIsFree(5433)) return 5433;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Lets the primary serve base backups and WAL to 127.0.0.1, if it does not yet (idempotent). */
async function allowReplication(primaryPort: number): Promise<void> {
  const [{ wal_level }] = await query<{ wal_level: string }>(primaryPort, 'SHOW wal_level');
  const [{ max_wal_senders }] = await query<{ max_wal_senders: string }>(primaryPort, 'SHOW max_wal_senders');
  if (!['replica', 'logical'].includes(wal_level) || Number(max_wal_senders) < 2) {
    throw new Error(`The primary needs wal_level=replica and max_wal_senders >= 2 (a restart): it has ${wal_level}, ${max_wal_senders}`);
  }
  const rules = await query<{ n: number }>(
    primaryPort,
    `SELECT count(*)::int AS n FROM pg_hba_file_rules
      WHERE 'replication' = ANY(database) AND type = 'host' AND auth_method = 'trust' AND (address = '127.0.0.1' OR address = 'all')`,
  );
  if (rules[0].n > 0) return;
  const [{ hba_file }] = await query<{ hba_file: string }>(primaryPort, 'SHOW hba_file');
  const text = readFileSync(hba_file, 'utf8');
  if (!text.includes('host replication all 127.0.0.1/32 trust')) {
    execFileSync('sh', ['-c', `printf '%s\\n' '# Streaming replicas of the e-Surat test suite (test/helpers/pg-replica.ts)' 'host replication all 127.0.0.1/32 trust' >> '${hba_file}'`]);
  }
  await query(primaryPort, 'SELECT pg_reload_conf()');
  // The reload is asynchronous: wait until the rule is in force.
  for (let i = 0; i < 50; i++) {
    const [{ n }] = await query<{ n: number }>(primaryPort, `SELECT count(*)::int AS n FROM pg_hba_file_rules WHERE 'replication' = ANY(database) AND address = '127.0.0.1'`);
    if (n > 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Drops replica clusters a killed earlier run left behind (their process is gone). */
function dropOrphans(): void {
  const dir = `/etc/postgresql/${VERSION}`;
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const m = /^esurat_(?:replica|primary)_(\d+)$/.exec(name);
    if (!m || !statSync(join(dir, name)).isDirectory()) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      try {
        run('pg_dropcluster', ['--stop', VERSION, name]);
      } catch {
        // Someone else's, or already half gone: left alone.
      }
    }
  }
}

/** A cluster of this suite: created, configured for loopback trust (replication too) and started. */
async function createCluster(name: string, port: number, settings: string[]): Promise<{ start: () => Promise<void>; drop: () => void }> {
  const logFile = `/var/log/postgresql/postgresql-${VERSION}-${name}.log`;
  run('pg_createcluster', [VERSION, name, '-p', String(port)]);
  // Written here, not with pg_createcluster -o, which quotes some values and not others.
  appendFileSync(
    `/etc/postgresql/${VERSION}/${name}/postgresql.conf`,
    ["# The e-Surat test suite's cluster (test/helpers/pg-replica.ts)", "listen_addresses = '127.0.0.1'", ...settings, ''].join('\n'),
  );
  // As the machine's cluster: trusted on loopback (Debian's default asks loopback for a password).
  writeFileSync(
    `/etc/postgresql/${VERSION}/${name}/pg_hba.conf`,
    'local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n',
  );
  const start = async () => {
    run('pg_ctlcluster', [VERSION, name, 'start']);
    for (let i = 0; ; i++) {
      try {
        await query(port, 'SELECT 1');
        return;
      } catch (err) {
        if (i > 100) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const drop = () => {
    try {
      run('pg_dropcluster', ['--stop', VERSION, name]);
    } catch {
      // Already gone.
    }
    rmSync(logFile, { force: true });
  };
  return { start, drop };
}

async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A primary of this suite's own, freshly initialised (a few megabytes), for a replica whose base
 * backup must be quick: the machine's shared cluster can hold gigabytes of other runs' databases,
 * and a physical replica copies every one of them. The test app then runs on this primary, in a
 * database it creates and migrates itself (DB_CREATE_IF_MISSING).
 */
export async function createPrimaryCluster(): Promise<{ port: number; drop: () => void }> {
  dropOrphans();
  const name = `esurat_primary_${process.pid}`;
  const port = await freeTcpPort();
  const cluster = await createCluster(name, port, ['wal_level = replica', 'max_wal_senders = 5']);
  try {
    await cluster.start();
  } catch (err) {
    cluster.drop();
    throw err;
  }
  return { port, drop: cluster.drop };
}

/** A streaming replica of the cluster on `primaryPort` (the machine's, by default). */
export async function createStreamingReplica(primaryPort = Number(baseTestEnv().DB_PORT)): Promise<PgReplica> {
  await allowReplication(primaryPort);
  dropOrphans();
  const name = `esurat_replica_${process.pid}`;
  const port = await choosePort();
  const dataDir = `/var/lib/postgresql/${VERSION}/${name}`;
  const logFile = `/var/log/postgresql/postgresql-${VERSION}-${name}.log`;
  const { start, drop } = await createCluster(name, port, ["log_statement = 'all'", `log_line_prefix = '${LINE_PREFIX}'`, 'hot_standby = on']);
  try {
    // Emptied, not removed: the directory stays the postgres user's (its parent is root's).
    for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true });
    run('runuser', ['-u', 'postgres', '--', 'pg_basebackup', '-h', '127.0.0.1', '-p', String(primaryPort), '-U', baseTestEnv().DB_USER, '-D', dataDir, '-R', '-X', 'stream', '-c', 'fast']);
    await start();
    const replica: PgReplica = {
      port,
      name,
      sql: (text, params, database) => query(port, text, params, database),
      log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
      caughtUp: async (ms = 10_000) => {
        const [{ lsn }] = await query<{ lsn: string }>(primaryPort, 'SELECT pg_current_wal_lsn()::text AS lsn');
        const until = Date.now() + ms;
        for (;;) {
          const [{ behind }] = await query<{ behind: boolean }>(port, 'SELECT pg_last_wal_replay_lsn() < $1::pg_lsn AS behind', [lsn]);
          if (!behind) return;
          if (Date.now() > until) throw new Error(`replica ${name} has not replayed ${lsn} in ${ms} ms`);
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      stop: () => run('pg_ctlcluster', [VERSION, name, 'stop', '-m', 'fast']),
      start,
      drop,
    };
    return replica;
  } catch (err) {
    drop();
    throw err;
  }
}
