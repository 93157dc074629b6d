import { Client, Pool } from 'pg';
import { canonicalEntry, canonicalJson, chainHash, GENESIS_HASH } from '../src/audit/audit-canonical';
import { verifyAuditTrail } from '../src/audit/audit-verifier';
import { inOneSnapshot } from '../src/audit/cli/audit-verify.command';
import { loadConfig } from '../src/config/app-config';
import { prepareDatabase } from '../src/database/prepare-database';
import { BenchResult, percentile, round } from './bench-result';
import { benchDb, freePort, login, startBenchServer } from './bench-server';
import { CLIENTS, driveHttp, Lane, prepareLanes, rawTransition } from './workflow.bench';

/**
 * How a raw transition carries its audit entry: `none`, no entry; `deferred`, appended in the
 * transaction and chained by audit_chain() after the commit, as AuditService does; `in-transaction`,
 * chained before the commit, which holds the single appender's lock to the commit as the
 * chain head's row lock was held before appends were deferred (the old cost, same run).
 */
type AuditMode = 'none' | 'deferred' | 'in-transaction';

/** The raw transition of workflow.bench (lock, update, history, outbox), one client per lane. */
async function driveRawSql(dbName: string, lanes: Lane[], seconds: number, mode: AuditMode): Promise<number[]> {
  const pool = new Pool({ ...benchDb(), database: dbName, max: lanes.length });
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  try {
    await Promise.all(
      lanes.map(async (lane, n) => {
        const client = await pool.connect();
        try {
          while (Date.now() < until) {
            const started = performance.now();
            let pendingId: string | undefined;
            await rawTransition(client, lane, async (letter, to, seq) => {
              if (mode === 'none') return;
              const body = {
                at: new Date().toISOString(),
                actor: { type: 'person', id: null },
                client: { address: '127.0.0.1', requestId: `bench-${n}-${seq}` },
                action: 'letter.transition',
                object: { type: 'letter', id: lane.letterId },
                letterId: lane.letterId,
                details: { event: 'bench', from: letter.state, to, historySeq: seq },
              };
              pendingId = (await client.query('SELECT audit_append($1)::text AS id', [canonicalJson(body)])).rows[0].id;
              if (mode === 'in-transaction') await client.query('SELECT audit_chain()');
            });
            // As AuditService does after the commit.
            if (mode === 'deferred') await client.query('SELECT audit_chain(ARRAY[$1]::bigint[])', [pendingId]);
            latencies.push(performance.now() - started);
          }
        } finally {
          client.release();
        }
      }),
    );
    return latencies;
  } finally {
    await pool.end();
  }
}

const entryCount = async (dbName: string): Promise<number> => {
  const client = new Client({ ...benchDb(), database: dbName });
  await client.connect();
  try {
    return Number((await client.query('SELECT seq FROM audit_chain_head')).rows[0].seq);
  } finally {
    await client.end();
  }
};

/**
 * A year of a city's events: `count` entries chained as audit_append() chains them (text and
 * hash computed here, rows inserted in batches with the secondary indexes built afterwards),
 * on a database of their own; the chain head set to the last one.
 */
export async function generateChain(client: Client, count: number): Promise<void> {
  const indexes: { indexdef: string; indexname: string }[] = (
    await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'audit_entry' AND indexname <> 'pk_audit_entry_seq'`)
  ).rows;
  for (const i of indexes) await client.query(`DROP INDEX ${i.indexname}`);
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  const BATCH = 50_000;
  let prev: Buffer = GENESIS_HASH;
  for (let from = 1; from <= count; from += BATCH) {
    const cols: [number[], string[], Buffer[], Buffer[]] = [[], [], [], []];
    for (let seq = from; seq < Math.min(from + BATCH, count + 1); seq++) {
      const letterId = `00000000-0000-4000-8000-${String(seq % 5000).padStart(12, '0')}`;
      const body = {
        at: new Date(start + seq * 31_000).toISOString(),
        actor: { type: 'person', id: `10000000-0000-4000-8000-${String(seq % 300).padStart(12, '0')}` },
        client: { address: '10.1.2.3', requestId: `req-${seq}` },
        action: 'letter.transition',
        object: { type: 'letter', id: letterId },
        letterId,
        details: { event: seq % 2 ? 'approve' : 'submit', from: 'review', to: 'review', historySeq: seq % 7, revision: 1 },
      };
      const canonical = canonicalEntry(seq, canonicalJson(body));
      const hash = chainHash(prev, canonical);
      cols[0].push(seq);
      cols[1].push(canonical);
      cols[2].push(prev);
      cols[3].push(hash);
      prev = hash;
    }
    // The columns are read back from the text, as audit_append() fills them.
    await client.query(
      `INSERT INTO audit_entry (seq, at, actor_type, actor_id, client_address, request_id, action, object_type, object_id, letter_id, details, canonical, prev_hash, hash)
       SELECT s, (b ->> 'at')::timestamptz, b -> 'actor' ->> 'type', b -> 'actor' ->> 'id', b -> 'client' ->> 'address', b -> 'client' ->> 'requestId', b ->> 'action',
              b -> 'object' ->> 'type', b -> 'object' ->> 'id', (b ->> 'letterId')::uuid, b -> 'details', t, ph, h
         FROM unnest($1::bigint[], $2::text[], $3::bytea[], $4::bytea[]) AS u(s, t, ph, h), LATERAL (SELECT split_part(t, chr(10), 3)::jsonb AS b) x`,
      cols,
    );
  }
  for (const i of indexes) await client.query(i.indexdef);
  await client.query('ALTER TABLE audit_chain_head DISABLE TRIGGER audit_chain_head_forward');
  await client.query('UPDATE audit_chain_head SET seq = $1, prev_hash = $2, hash = $2', [count, prev]);
  await client.query('ALTER TABLE audit_chain_head ENABLE TRIGGER audit_chain_head_forward');
  await client.query('VACUUM ANALYZE audit_entry');
}

/** The same rows, the same pages, nothing checked: what reading them alone costs. */
async function scanOnly(client: Client): Promise<number> {
  const started = performance.now();
  let after = '0';
  for (;;) {
    const { rows } = await client.query(`SELECT seq::text AS seq, canonical, prev_hash, hash FROM audit_entry WHERE seq > $1 ORDER BY audit_entry.seq LIMIT 20000`, [after]);
    if (rows.length === 0) break;
    after = rows[rows.length - 1].seq;
  }
  return performance.now() - started;
}

/**
 * `audit.appends`: audit entries appended per second while 16 clients run transitions over
 * HTTP (one entry each), beside the raw SQL transition without an entry; `audit.append_cost_16`
 * and `_50`: the raw SQL transition with its entry, chained after the commit, beside the same
 * without (and, as `chained_in_transaction`, chained before the commit as it was before). `audit.verify`: audit:verify
 * over 1M generated entries (target < 10 s), beside a plain read of the same rows.
 */
export async function runAuditBench(quick: boolean): Promise<BenchResult[]> {
  // BENCH_AUDIT=appends or =verify: one half only (`npm run bench -- audit` runs this file alone).
  const part = process.env.BENCH_AUDIT;
  const results: BenchResult[] = [];
  if (part !== 'verify') results.push(...(await appendBench(quick)));
  if (part !== 'appends') results.push(await verifyBench(quick));
  return results;
}

async function appendBench(quick: boolean): Promise<BenchResult[]> {
  const seconds = quick ? 3 : 10;
  const results: BenchResult[] = [];
  const server = await startBenchServer(await freePort(), {}, 'process');
  try {
    const tokens = { staf: await login(server.url, 'staf.kominfo'), kasi: await login(server.url, 'kasi.aptika') };
    const rates: Record<string, Record<AuditMode, number[]>> = {};
    for (const clients of [CLIENTS, 50]) {
      const rawLanes = await prepareLanes(server, tokens.staf, clients);
      await driveRawSql(server.dbName, rawLanes, quick ? 1 : 3, 'deferred');
      const run: Partial<Record<AuditMode, number[]>> = {};
      for (const mode of ['none', 'deferred', 'in-transaction'] as const) run[mode] = (await driveRawSql(server.dbName, rawLanes, seconds, mode)).sort((a, b) => a - b);
      rates[clients] = run as Record<AuditMode, number[]>;
    }
    const lanes = await prepareLanes(server, tokens.staf);
    await driveHttp(server, lanes, tokens, quick ? 1 : 5);
    const before = await entryCount(server.dbName);
    const http = await driveHttp(server, lanes, tokens, seconds);
    const appended = (await entryCount(server.dbName)) - before;
    http.sort((a, b) => a - b);
    const rate = (n: number) => round(n / seconds, 0);
    const plain = rates[CLIENTS].none;
    results.push({
      name: 'audit.appends',
      value: rate(appended),
      unit: 'appends/s',
      baseline: { name: 'raw SQL transitions, no audit entry', value: rate(plain.length) },
      ratio: round(appended / plain.length, 3),
      p50_ms: round(percentile(http, 50)),
      p99_ms: round(percentile(http, 99)),
      extra: { http_transitions_per_s: rate(http.length), clients: CLIENTS },
    });
    for (const [clients, run] of Object.entries(rates)) {
      results.push({
        name: `audit.append_cost_${clients}`,
        value: rate(run.deferred.length),
        unit: 'transitions/s with their entry, chained after the commit',
        baseline: { name: 'raw SQL transitions, no audit entry', value: rate(run.none.length) },
        ratio: round(run.deferred.length / run.none.length, 3),
        p50_ms: round(percentile(run.deferred, 50)),
        p99_ms: round(percentile(run.deferred, 99)),
        extra: {
          clients: Number(clients),
          baseline_p50_ms: round(percentile(run.none, 50)),
          chained_in_transaction_per_s: rate(run['in-transaction'].length),
          chained_in_transaction_ratio: round(run['in-transaction'].length / run.none.length, 3),
        },
      });
    }
  } finally {
    await server.stop();
  }
  return results;
}

async function verifyBench(quick: boolean): Promise<BenchResult> {
  const count = quick ? 100_000 : 1_000_000;
  const dbName = `esurat_bench_audit_${process.pid}`;
  const admin = new Client({ ...benchDb(), database: 'postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  try {
    await prepareDatabase(loadConfig({ ...process.env, DB_NAME: dbName, DB_CREATE_IF_MISSING: 'false', LOG_LEVEL: 'warn' }));
    const client = new Client({ ...benchDb(), database: dbName });
    await client.connect();
    try {
      const generating = performance.now();
      await generateChain(client, count);
      const generatedMs = performance.now() - generating;
      const scanMs = await scanOnly(client);
      // The median of three runs: one run on a shared machine says more about its neighbours.
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const aside = new Client({ ...benchDb(), database: dbName });
        await aside.connect();
        const report = await inOneSnapshot(client, aside, () => verifyAuditTrail(client, { aside })).finally(() => aside.end());
        if (report.firstBroken || report.entries !== count) throw new Error(`the generated chain did not verify: ${JSON.stringify(report.firstBroken)}`);
        runs.push(report.ms);
      }
      const ms = [...runs].sort((a, b) => a - b)[1];
      return {
        name: 'audit.verify',
        value: round(ms, 0),
        unit: `ms for ${count} entries (median of 3)`,
        baseline: { name: 'reading the same rows, nothing checked', value: round(scanMs, 0) },
        ratio: round(ms / scanMs, 3),
        extra: { runs_ms: runs.map((r) => round(r, 0)).join('/'), entries_per_s: round((count / ms) * 1000, 0), target_ms: quick ? 1000 : 10_000, generated_ms: round(generatedMs, 0) },
      };
    } finally {
      await client.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}
