import { availableParallelism } from 'node:os';
import { Pool, PoolClient } from 'pg';
import { BenchResult, percentile, round } from './bench-result';
import { BenchServer, benchDb, freePort, login, startBenchServer } from './bench-server';
import { CpuMeter, cpuFigures, serverCpuGroups } from './cpu-meter';
import { JsonClient } from './http-client';

export const CLIENTS = 16;

export interface Lane {
  letterId: string;
  version: number;
  /** Alternates: the reviewer returns the draft, the drafter resubmits it. */
  next: 'return' | 'resubmit';
}

async function json(res: Response): Promise<any> {
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** One letter per client, submitted, so that return/resubmit can loop on it for ever. */
export async function prepareLanes(server: BenchServer, staf: string, count = CLIENTS): Promise<Lane[]> {
  const headers = { authorization: `Bearer ${staf}`, 'content-type': 'application/json' };
  const positions = await json(await fetch(`${server.url}/api/v1/positions`, { headers }));
  const id = (code: string) => positions.find((p: { code: string }) => p.code === code).id;
  const lanes: Lane[] = [];
  for (let i = 0; i < count; i++) {
    const letter = await json(
      await fetch(`${server.url}/api/v1/letters`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          type: 'nota-dinas',
          subject: `Uji beban ${i}`,
          classificationCode: '000.8.3.3',
          body: { paragraphs: ['Uji beban transisi.'] },
          recipientPositionIds: [id('KABID-APTIKA')],
          reviewers: [{ positionIds: [id('KASI-APTIKA')] }],
          signers: [{ positionIds: [id('KADIS-KOMINFO')] }],
        }),
      }),
    );
    const submitted = await json(
      await fetch(`${server.url}/api/v1/letters/${letter.id}/transitions`, { method: 'POST', headers, body: JSON.stringify({ event: 'submit', version: letter.version }) }),
    );
    lanes.push({ letterId: letter.id, version: submitted.version, next: 'return' });
  }
  return lanes;
}

/** 16 clients, each looping transitions on its own letter, for `seconds`. */
export async function driveHttp(server: BenchServer, lanes: Lane[], tokens: { staf: string; kasi: string }, seconds: number): Promise<number[]> {
  const client = new JsonClient(server.url, CLIENTS);
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  try {
    await Promise.all(
      lanes.map(async (lane) => {
        while (Date.now() < until) {
          const started = performance.now();
          const body = lane.next === 'return' ? { event: 'return', version: lane.version, comment: 'Mohon diperbaiki.' } : { event: 'resubmit', version: lane.version };
          const token = lane.next === 'return' ? tokens.kasi : tokens.staf;
          const res = await client.post(`/api/v1/letters/${lane.letterId}/transitions`, token, body);
          if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
          latencies.push(performance.now() - started);
          lane.version = res.body.version;
          lane.next = lane.next === 'return' ? 'resubmit' : 'return';
        }
      }),
    );
  } finally {
    client.close();
  }
  return latencies;
}

/**
 * One transition by hand, in one transaction: lock and read the letter, update it, one history
 * row, one outbox row; `inside` adds its own statements before the commit (the audit bench's entry).
 */
export async function rawTransition(
  client: PoolClient,
  lane: Lane,
  inside?: (letter: { state: string }, to: string, seq: number) => Promise<void>,
): Promise<void> {
  await client.query('BEGIN');
  const [letter] = (await client.query('SELECT version, state, snapshot FROM letter WHERE id = $1 FOR UPDATE', [lane.letterId])).rows;
  const to = letter.state === 'review' ? 'returned' : 'review';
  await client.query('UPDATE letter SET state = $1, snapshot = $2, version = version + 1, updated_at = now() WHERE id = $3 AND version = $4', [to, letter.snapshot, lane.letterId, letter.version]);
  const seq = letter.version + 100000;
  await client.query(
    `INSERT INTO letter_history (letter_id, seq, event, from_state, to_state, actor_label, revision, at) VALUES ($1, $2, 'bench', $3, $4, 'bench', 1, now())`,
    [lane.letterId, seq, letter.state, to],
  );
  await client.query(`INSERT INTO outbox_event (letter_id, type, payload, dispatched_at) VALUES ($1, 'bench', '{}', now())`, [lane.letterId]);
  await inside?.(letter, to, seq);
  await client.query('COMMIT');
}

/**
 * The same transaction by hand through `pg`: lock and read the letter, update it, one
 * history row, one outbox row. The database's own limit for this work on this machine.
 */
async function driveRawSql(dbName: string, lanes: Lane[], seconds: number, cpu: CpuMeter): Promise<{ latencies: number[]; cpu: Record<string, number> }> {
  const pool = new Pool({ ...benchDb(), database: dbName, max: CLIENTS });
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  cpu.begin();
  try {
    await Promise.all(
      lanes.map(async (lane) => {
        const client = await pool.connect();
        try {
          while (Date.now() < until) {
            const started = performance.now();
            await rawTransition(client, lane);
            latencies.push(performance.now() - started);
          }
        } finally {
          client.release();
        }
      }),
    );
    // Before the pool closes: its backends' CPU goes with them.
    return { latencies, cpu: cpu.end(latencies.length) };
  } finally {
    await pool.end();
  }
}

/** Action events of transitions not yet run by the workers. */
async function actionsPending(dbName: string): Promise<number> {
  const pool = new Pool({ ...benchDb(), database: dbName, max: 1 });
  try {
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM outbox_event e WHERE e.type = 'workflow.action' AND NOT EXISTS (SELECT 1 FROM workflow_action_done d WHERE d.outbox_id = e.id)`,
    );
    return rows[0].n;
  } finally {
    await pool.end();
  }
}

/**
 * `workflow.transitions`: transitions per second over HTTP, 16 authenticated clients, beside raw SQL.
 * The workers run in their own process, as docker/ deploys them (BENCH_WORKERS=inline: in the API
 * process, as `npm start`; BENCH_WORKERS=none: not at all). After the run, the time the workers
 * took to finish the actions (notify, render) of every transition shows whether they kept up.
 */
export async function runWorkflowBench(quick: boolean): Promise<BenchResult[]> {
  const seconds = quick ? 3 : 15;
  const mode = process.env.BENCH_WORKERS === '0' || process.env.BENCH_WORKERS === 'none' ? 'none' : process.env.BENCH_WORKERS === 'inline' ? 'inline' : 'process';
  const server = await startBenchServer(await freePort(), {}, mode);
  try {
    const tokens = { staf: await login(server.url, 'staf.kominfo'), kasi: await login(server.url, 'kasi.aptika') };
    const lanes = await prepareLanes(server, tokens.staf);
    const cpu = new CpuMeter(serverCpuGroups(server.pids, server.dbName));
    // Raw SQL first, on a quiet machine: after the HTTP run the workers still render and notify for a while.
    const { latencies: raw, cpu: rawCpu } = await driveRawSql(server.dbName, await prepareLanes(server, tokens.staf), seconds, cpu);
    // Warm-up: V8 optimises the request path only after a few seconds under load; a server is measured warm.
    await driveHttp(server, lanes, tokens, quick ? 1 : 5);
    cpu.begin();
    const http = await driveHttp(server, lanes, tokens, seconds);
    const httpCpu = cpu.end(http.length);
    const ended = performance.now();
    const pendingAtEnd = await actionsPending(server.dbName);
    let drainedMs: number | string = 'not measured';
    if (mode !== 'none') {
      while ((await actionsPending(server.dbName)) > 0 && performance.now() - ended < 60_000) await new Promise((r) => setTimeout(r, 100));
      drainedMs = round(performance.now() - ended, 0);
    }
    const httpRate = http.length / seconds;
    const rawRate = raw.length / seconds;
    http.sort((a, b) => a - b);
    raw.sort((a, b) => a - b);
    return [
      {
        name: 'workflow.transitions',
        value: round(httpRate, 0),
        unit: 'transitions/s',
        baseline: { name: 'raw SQL via pg: lock, update, history, outbox', value: round(rawRate, 0) },
        ratio: round(httpRate / rawRate, 3),
        p50_ms: round(percentile(http, 50)),
        p99_ms: round(percentile(http, 99)),
        extra: {
          raw_p50_ms: round(percentile(raw, 50)),
          raw_p99_ms: round(percentile(raw, 99)),
          clients: CLIENTS,
          workers: mode,
          actions_pending_at_end: pendingAtEnd,
          actions_done_ms_after_end: drainedMs,
          // CPU milliseconds per transition, by process (Linux): what caps the rate on a box of `cores`.
          cores: availableParallelism(),
          ...cpuFigures('cpu_ms', httpCpu),
          ...cpuFigures('raw_cpu_ms', { postgres: rawCpu.postgres, client: rawCpu.client }),
        },
      },
    ];
  } finally {
    await server.stop();
  }
}
