import { availableParallelism } from 'node:os';
import { Client } from 'pg';
import { BenchResult, percentile, round } from './bench-result';
import { BenchServer, benchDb, freePort, login, startBenchServer } from './bench-server';
import { backendDatabase, CpuGroups, CpuMeter } from './cpu-meter';
import { JsonClient } from './http-client';
import { CLIENTS, Lane, prepareLanes } from './workflow.bench';

interface Run {
  rate: number;
  latencies: number[];
  /** CPU milliseconds per unit of work, by process (api_1, api_2, worker_1..., postgres, redis, client). */
  cpu: Record<string, number>;
}

/** Every process of the run apart: what each API process, each worker and PostgreSQL spent. */
function nodeCpuGroups(server: BenchServer): CpuGroups {
  const groups: CpuGroups = {};
  server.apiPids.forEach((pid, i) => (groups[`api_${i + 1}`] = (p) => p === pid));
  server.workerPids.forEach((pid, i) => (groups[`worker_${i + 1}`] = (p) => p === pid));
  groups.postgres = (_pid, comm) => comm === 'postgres';
  groups.redis = (_pid, comm) => comm === 'redis-server';
  groups.client = (pid) => pid === process.pid;
  return groups;
}

/** 16 clients, each on its own API process in turn (client i on API i mod n), for `seconds`. */
async function drive(server: BenchServer, seconds: number, cpu: CpuMeter | undefined, request: (client: JsonClient, i: number) => Promise<void>): Promise<Run> {
  const clients = server.urls.map((url) => new JsonClient(url, CLIENTS));
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  cpu?.begin();
  try {
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        while (Date.now() < until) {
          const started = performance.now();
          await request(clients[i % clients.length], i);
          latencies.push(performance.now() - started);
        }
      }),
    );
    return { rate: latencies.length / seconds, latencies: latencies.sort((a, b) => a - b), cpu: cpu?.end(latencies.length) ?? {} };
  } finally {
    for (const c of clients) c.close();
  }
}

/** return/resubmit on one letter per client, as workflow.transitions does. */
function transition(lanes: Lane[], tokens: { staf: string; kasi: string }) {
  return async (client: JsonClient, i: number) => {
    const lane = lanes[i];
    const body = lane.next === 'return' ? { event: 'return', version: lane.version, comment: 'Mohon diperbaiki.' } : { event: 'resubmit', version: lane.version };
    const res = await client.post(`/api/v1/letters/${lane.letterId}/transitions`, lane.next === 'return' ? tokens.kasi : tokens.staf, body);
    if (res.status !== 200) throw new Error(`transition: ${res.status} ${JSON.stringify(res.body)}`);
    lane.version = res.body.version;
    lane.next = lane.next === 'return' ? 'resubmit' : 'return';
  };
}

/** POST /api/v1/approvals by the demo module (API key, workflow start, history, assignments, outbox). */
function approval(approverId: string) {
  const body = { reference: 'PRM-SCALE', title: 'Permohonan Izin Mendirikan Bangunan', approvers: [{ positionIds: [approverId] }], metadata: { applicant: 'PT Maju Jaya' } };
  return async (client: JsonClient) => {
    const res = await client.post('/api/v1/approvals', '', body, { 'x-api-key': 'demo-simpadu-key' });
    if (res.status !== 201) throw new Error(`approval: ${res.status} ${JSON.stringify(res.body)}`);
  };
}

/** Both loads against `nodes` API processes and as many worker processes, on a fresh database. */
async function measure(nodes: number, seconds: number, warmup: number): Promise<{ transitions: Run; approvals: Run }> {
  const server = await startBenchServer(await freePort(), {}, 'process', { apis: nodes, workers: nodes });
  try {
    const db = new Client({ ...benchDb(), database: server.dbName });
    await db.connect();
    const [{ id: approverId }] = (await db.query(`SELECT id FROM position WHERE code = 'KABID-APTIKA'`)).rows;
    await db.end();
    const tokens = { staf: await login(server.url, 'staf.kominfo'), kasi: await login(server.url, 'kasi.aptika') };
    const lanes = await prepareLanes(server, tokens.staf);
    // The workers' backlog of the set-up (renders of the lanes' letters) is not the load's.
    await drained(server.dbName);
    const groups = nodeCpuGroups(server);
    // PostgreSQL: this run's backends only (the machine is shared with other runs).
    const cpu = new CpuMeter({ ...groups, postgres: (pid, comm) => comm === 'postgres' && backendDatabase(pid) === server.dbName });
    // Warm-up of every API process: V8 optimises the request path after a few seconds under load.
    await drive(server, warmup, undefined, transition(lanes, tokens));
    const transitions = await drive(server, seconds, cpu, transition(lanes, tokens));
    await drained(server.dbName);
    await drive(server, warmup, undefined, approval(approverId));
    await drained(server.dbName);
    const approvals = await drive(server, seconds, cpu, approval(approverId));
    return { transitions, approvals };
  } finally {
    await server.stop();
  }
}

/** Until the workers have relayed every outbox event and done every transition's actions (at most a minute). */
async function drained(dbName: string): Promise<void> {
  const db = new Client({ ...benchDb(), database: dbName });
  await db.connect();
  try {
    for (const until = Date.now() + 60_000; Date.now() < until; ) {
      const [{ n }] = (
        await db.query(
          `SELECT count(*)::int AS n FROM outbox_event e WHERE e.dispatched_at IS NULL
              OR (e.type = 'workflow.action' AND NOT EXISTS (SELECT 1 FROM workflow_action_done d WHERE d.outbox_id = e.id))`,
        )
      ).rows;
      if (n === 0) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await db.end();
  }
}

/** The run of median rate among `runs` (CPU and latencies of that same run). */
function median(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.rate - b.rate)[Math.floor((runs.length - 1) / 2)];
}

function result(name: string, unit: string, ones: Run[], twos: Run[]): BenchResult {
  const one = median(ones);
  const two = median(twos);
  const prefixed = (prefix: string, cpu: Record<string, number>) => {
    const out: Record<string, number> = {};
    let total = 0;
    for (const [k, v] of Object.entries(cpu)) {
      out[`${prefix}_${k}`] = v;
      total += v;
    }
    out[`${prefix}_total`] = round(total);
    return out;
  };
  return {
    name,
    value: round(two.rate, 0),
    unit,
    baseline: { name: 'one API process and one worker process', value: round(one.rate, 0) },
    ratio: round(two.rate / one.rate, 3),
    p50_ms: round(percentile(two.latencies, 50)),
    p99_ms: round(percentile(two.latencies, 99)),
    extra: {
      one_p50_ms: round(percentile(one.latencies, 50)),
      one_p99_ms: round(percentile(one.latencies, 99)),
      // Every run's rate, one node then two, in the order they ran (alternating): the noise of a shared machine.
      one_runs: ones.map((r) => round(r.rate, 0)).join(' '),
      two_runs: twos.map((r) => round(r.rate, 0)).join(' '),
      clients: CLIENTS,
      cores: availableParallelism(),
      // CPU milliseconds per request, by process: one node, then two.
      ...prefixed('one_cpu_ms', one.cpu),
      ...prefixed('two_cpu_ms', two.cpu),
    },
  };
}

/**
 * `scale.transitions` and `scale.approvals`: the transition load (return/resubmit, 16 clients)
 * and the approval load (POST /api/v1/approvals, 16 clients) against two API processes and two
 * worker processes on one database and one queue prefix, beside one API and one worker: the
 * ratio is what a second node buys on this machine, CPU per request per process says why.
 * Each load starts after the workers have finished the work queued before it.
 */
export async function runScaleBench(quick: boolean): Promise<BenchResult[]> {
  const seconds = quick ? 3 : 15;
  const warmup = quick ? 1 : 5;
  // One node and two in turn, BENCH_SCALE_ROUNDS times (default 3; 1 quick), the median of each
  // reported: on a machine shared with other work, a slow moment then falls on both, not on one.
  const rounds = Number(process.env.BENCH_SCALE_ROUNDS ?? (quick ? 1 : 3));
  const ones: { transitions: Run; approvals: Run }[] = [];
  const twos: { transitions: Run; approvals: Run }[] = [];
  for (let i = 0; i < rounds; i++) {
    ones.push(await measure(1, seconds, warmup));
    twos.push(await measure(2, seconds, warmup));
  }
  return [
    result('scale.transitions', 'transitions/s', ones.map((r) => r.transitions), twos.map((r) => r.transitions)),
    result('scale.approvals', 'approvals/s', ones.map((r) => r.approvals), twos.map((r) => r.approvals)),
  ];
}
