import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, Agent } from 'node:http';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { BenchResult, percentile, round } from './bench-result';
import { benchDb, freePort, login, startBenchServer } from './bench-server';
import { CpuMeter, cpuFigures, serverCpuGroups } from './cpu-meter';


/** A module's webhook endpoint: counts deliveries and notes when each event id first arrived. */
function startReceiver(port: number) {
  const firstSeen = new Map<string, number>();
  let total = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      total++;
      const id = String(req.headers['x-esurat-event-id'] ?? '');
      if (id && !firstSeen.has(id)) firstSeen.set(id, performance.timeOrigin + performance.now());
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    firstSeen,
    total: () => total,
    listen: () => new Promise<void>((r) => server.listen(port, '127.0.0.1', r)),
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not done within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Plain node:http POSTs of the same bodies to the same receiver, 64 at a time: the cost of HTTP alone. */
async function bareDeliveries(url: string, n: number, body: string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < n) {
      next++;
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-esurat-event-id': randomUUID() } }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        });
        req.on('error', reject);
        req.end(body);
      });
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  agent.destroy();
  return n / ((performance.now() - started) / 1000);
}

/**
 * Baseline of approvals/s: the rows one approval writes (letter, approval_request, history,
 * participants, assignment, outbox), inserted with raw `pg` in one transaction each, from 16
 * concurrent connections: the database floor, without HTTP, auth, validation or the workflow.
 */
async function rawInsertRate(dbName: string, seconds: number, definitionId: string, moduleId: string, positionId: string): Promise<{ rate: number; latencies: number[] }> {
  const clients = await Promise.all(Array.from({ length: 16 }, async () => {
    const c = new Client({ ...benchDb(), database: dbName });
    await c.connect();
    return c;
  }));
  const latencies: number[] = [];
  const stopAt = Date.now() + seconds * 1000;
  await Promise.all(
    clients.map(async (c) => {
      while (Date.now() < stopAt) {
        const id = randomUUID();
        const started = performance.now();
        await c.query('BEGIN');
        await c.query(
          `INSERT INTO letter (id, kind, workflow_key, workflow_definition_id, state, snapshot, route_plans, subject, module_id, body) VALUES ($1, 'approval', 'approval-basic', $2, 'pending', '{}', '{}', 'Izin', $3, '{}')`,
          [id, definitionId, moduleId],
        );
        await c.query(`INSERT INTO approval_request (letter_id, module_id, reference, title) VALUES ($1, $2, 'PRM', 'Izin')`, [id, moduleId]);
        await c.query(`INSERT INTO letter_participant (letter_id, position_id, role) VALUES ($1, $2, 'reviewer')`, [id, positionId]);
        await c.query(`INSERT INTO letter_history (letter_id, seq, event, to_state, actor_label, revision, at) VALUES ($1, 1, '$start', 'pending', 'Modul', 1, now())`, [id]);
        await c.query(`INSERT INTO letter_assignment (letter_id, position_id, kind) VALUES ($1, $2, 'approve')`, [id, positionId]);
        await c.query(`INSERT INTO outbox_event (letter_id, type, payload) VALUES ($1, 'bench.noop', '{}')`, [id]);
        await c.query('COMMIT');
        latencies.push(performance.now() - started);
      }
    }),
  );
  // The relay must not see the baseline's outbox rows.
  await clients[0].query(`DELETE FROM outbox_event WHERE type = 'bench.noop'`);
  await Promise.all(clients.map((c) => c.end()));
  return { rate: latencies.length / seconds, latencies: latencies.sort((a, b) => a - b) };
}

/**
 * `integration.approvals_create`: POST /api/v1/approvals per second (API key, validation,
 * workflow start, history, assignments, outbox) with autocannon, beside raw pg inserts of the
 * same rows. `integration.webhook_delivery`: webhook events delivered per second to a local
 * receiver (relay → BullMQ → claim → signed POST → attempt log), beside plain node:http POSTs.
 * `integration.decision_to_webhook`: from a decision's commit (its HTTP answer) to the
 * webhook's receipt, p50 and p99.
 */
export async function runIntegrationBench(quick: boolean): Promise<BenchResult[]> {
  const seconds = quick ? 3 : 10;
  const events = quick ? 2000 : 10_000;
  const decisions = quick ? 100 : 400;
  const receiver = startReceiver(await freePort());
  await receiver.listen();
  const server = await startBenchServer(await freePort(), { WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true', WEBHOOK_SWEEP_INTERVAL_MS: '30000' }, process.env.BENCH_WORKERS === 'inline' ? 'inline' : 'process');
  const dbName = `esurat_bench_${process.pid}`;
  const db = new Client({ ...benchDb(), database: dbName });
  await db.connect();
  try {
    const admin = { authorization: `Bearer ${await login(server.url, 'admin')}`, 'content-type': 'application/json' };
    const [{ id: moduleId }] = (await db.query(`SELECT id FROM module_client WHERE name = 'simpadu'`)).rows;
    const positions = Object.fromEntries((await db.query('SELECT code, id FROM position')).rows.map((r) => [r.code, r.id]));
    await fetch(`${server.url}/api/v1/admin/modules/${moduleId}`, { method: 'PATCH', headers: admin, body: JSON.stringify({ callbackUrls: [receiver.url] }) });
    await fetch(`${server.url}/api/v1/admin/modules/${moduleId}/webhook-secret`, { method: 'POST', headers: admin });
    const apiKey = 'demo-simpadu-key';
    const body = (callback: boolean) =>
      JSON.stringify({
        reference: 'PRM-BENCH',
        title: 'Permohonan Izin Mendirikan Bangunan',
        approvers: [{ positionIds: [positions['KABID-APTIKA']] }],
        metadata: { applicant: 'PT Maju Jaya' },
        ...(callback ? { callbackUrl: receiver.url } : {}),
      });

    // --- approvals created per second
    const createOpts = { url: `${server.url}/api/v1/approvals`, method: 'POST' as const, connections: 16, headers: { 'x-api-key': apiKey, 'content-type': 'application/json' }, body: body(false) };
    await autocannon({ ...createOpts, duration: quick ? 1 : 5 }); // warm-up
    const cpu = new CpuMeter(serverCpuGroups(server.pids, server.dbName));
    cpu.begin();
    const created = await autocannon({ ...createOpts, duration: seconds });
    const createCpu = cpu.end(created.requests.total);
    if (created.non2xx > 0 || created.errors > 0) throw new Error(`POST /approvals failed ${created.non2xx + created.errors} times`);
    const [{ id: definitionId }] = (await db.query(`SELECT workflow_definition_id AS id FROM letter WHERE kind = 'approval' LIMIT 1`)).rows;
    const { rate: rawRate, latencies: rawLatencies } = await rawInsertRate(dbName, seconds, definitionId, moduleId, positions['KABID-APTIKA']);

    // Let the workers finish the notifications of the approvals just created before measuring deliveries.
    for (;;) {
      const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM outbox_event WHERE dispatched_at IS NULL`)).rows;
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }

    // --- webhook deliveries per second: a backlog of events, each of its own approval (no ordering wait)
    const payloadBody = JSON.stringify({ id: randomUUID(), type: 'approval.approved', occurredAt: new Date().toISOString(), data: { approvalId: randomUUID(), reference: 'PRM-BENCH', state: 'approved' } });
    const before = receiver.firstSeen.size;
    const t0 = performance.timeOrigin + performance.now();
    await db.query('BEGIN');
    await db.query(
      `WITH e AS (
         INSERT INTO webhook_event (id, module_id, letter_id, sequence, type, payload, callback_url)
         SELECT gen_random_uuid(), $1, gen_random_uuid(), 1, 'approval.approved', $2::jsonb, $3 FROM generate_series(1, $4) RETURNING id, letter_id
       )
       INSERT INTO outbox_event (letter_id, type, payload) SELECT letter_id, 'webhook.deliver', jsonb_build_object('eventId', id, 'callback', $3::text) FROM e`,
      [moduleId, payloadBody, receiver.url, events],
    );
    await db.query(`SELECT pg_notify('esurat_outbox', '')`);
    await db.query('COMMIT');
    // When the relay had handed every event to BullMQ: tells relay cost from delivery cost.
    let relayedAt = 0;
    const relayWatch = (async () => {
      for (;;) {
        const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM outbox_event WHERE type = 'webhook.deliver' AND dispatched_at IS NULL`)).rows;
        if (n === 0) return (relayedAt = performance.timeOrigin + performance.now());
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    await until(() => receiver.firstSeen.size - before >= events, 120_000, 'webhook backlog');
    await relayWatch;
    const lastAt = Math.max(...[...receiver.firstSeen.values()].slice(before));
    const deliveryRate = events / ((lastAt - t0) / 1000);
    const bareRate = await bareDeliveries(receiver.url, events, payloadBody);

    // --- decision commit → webhook receipt
    const ids: string[] = [];
    for (let i = 0; i < decisions; i++) {
      const res = await fetch(`${server.url}/api/v1/approvals`, { method: 'POST', headers: createOpts.headers, body: body(true) });
      if (res.status !== 201) throw new Error(`create for latency: ${res.status}`);
      ids.push(((await res.json()) as { id: string }).id);
    }
    const pendingTypes = async () => (await db.query(`SELECT count(*)::int AS n FROM webhook_event WHERE letter_id = ANY($1::uuid[]) AND status = 'delivered'`, [ids])).rows[0].n as number;
    for (let n = await pendingTypes(); n < ids.length; n = await pendingTypes()) await new Promise((r) => setTimeout(r, 100));
    const kabid = { authorization: `Bearer ${await login(server.url, 'kabid.aptika')}`, 'content-type': 'application/json' };
    const committedAt = new Map<string, number>();
    let next = 0;
    const decide = async () => {
      while (next < ids.length) {
        const id = ids[next++];
        const res = await fetch(`${server.url}/api/v1/letters/${id}/transitions`, { method: 'POST', headers: kabid, body: JSON.stringify({ event: 'approve', version: 1 }) });
        committedAt.set(id, performance.timeOrigin + performance.now());
        if (res.status !== 200) throw new Error(`approve: ${res.status} ${await res.text()}`);
        // Paced: latency, not saturation, is measured here.
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await Promise.all(Array.from({ length: 4 }, decide));
    const approvedEvent = async () =>
      (await db.query(`SELECT id, letter_id FROM webhook_event WHERE letter_id = ANY($1::uuid[]) AND type = 'approval.approved'`, [ids])).rows as { id: string; letter_id: string }[];
    let rows = await approvedEvent();
    const deadline = Date.now() + 60_000;
    while ((rows.length < ids.length || rows.some((r) => !receiver.firstSeen.has(r.id))) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      rows = await approvedEvent();
    }
    const latencies = rows.map((r) => (receiver.firstSeen.get(r.id) ?? NaN) - committedAt.get(r.letter_id)!).sort((a, b) => a - b);
    if (latencies.some(Number.isNaN) || latencies.length < ids.length) throw new Error('some decisions produced no webhook');

    return [
      {
        name: 'integration.approvals_create',
        value: round(created.requests.average, 0),
        unit: 'approvals/s',
        baseline: { name: 'raw pg inserts of the same rows, 16 connections', value: round(rawRate, 0) },
        ratio: round(created.requests.average / rawRate, 3),
        p50_ms: created.latency.p50,
        p99_ms: created.latency.p99,
        // CPU milliseconds per approval, by process (Linux).
        extra: { raw_p50_ms: round(percentile(rawLatencies, 50)), raw_p99_ms: round(percentile(rawLatencies, 99)), ...cpuFigures('cpu_ms', createCpu) },
      },
      {
        name: 'integration.webhook_delivery',
        value: round(deliveryRate, 0),
        unit: 'deliveries/s',
        baseline: { name: 'plain node:http POSTs, 64 in flight', value: round(bareRate, 0) },
        ratio: round(deliveryRate / bareRate, 3),
        extra: { events, relayed_after_ms: round(relayedAt - t0, 0), duplicates: receiver.total() - receiver.firstSeen.size },
      },
      {
        name: 'integration.decision_to_webhook',
        value: round(percentile(latencies, 50), 1),
        unit: 'ms (p50)',
        p50_ms: round(percentile(latencies, 50), 1),
        p99_ms: round(percentile(latencies, 99), 1),
        extra: { decisions: latencies.length, max_ms: round(latencies[latencies.length - 1], 1) },
      },
    ];
  } finally {
    await db.end();
    await server.stop();
    await receiver.close();
  }
}
