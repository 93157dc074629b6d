import { createServer } from 'node:http';
import autocannon from 'autocannon';
import { BenchResult, round } from './bench-result';
import { freePort, login, startBenchServer } from './bench-server';
import { CpuMeter, cpuFigures, serverCpuGroups } from './cpu-meter';

async function load(url: string, headers: Record<string, string>, seconds: number): Promise<autocannon.Result> {
  return autocannon({ url, connections: 16, duration: seconds, headers });
}

/**
 * `foundation.auth_me`: authenticated GET /api/v1/me per second over HTTP (token check,
 * principal loaded from PostgreSQL, JSON out), beside a bare Node HTTP server answering
 * the same bytes: the cost of the whole stack per request.
 */
export async function runFoundationBench(quick: boolean): Promise<BenchResult[]> {
  const seconds = quick ? 2 : 10;
  const server = await startBenchServer(await freePort());
  try {
    const token = await login(server.url, 'kadis.kominfo');
    const body = await (await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).text();
    const bare = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    try {
      await load(`${server.url}/api/v1/me`, { authorization: `Bearer ${token}` }, quick ? 1 : 3); // warm-up
      const cpu = new CpuMeter(serverCpuGroups(server.pids, server.dbName));
      cpu.begin();
      const app = await load(`${server.url}/api/v1/me`, { authorization: `Bearer ${token}` }, seconds);
      const appCpu = cpu.end(app.requests.total);
      const base = await load(`http://127.0.0.1:${(bare.address() as { port: number }).port}/`, {}, seconds);
      if (app.non2xx > 0 || app.errors > 0) throw new Error(`GET /me failed ${app.non2xx + app.errors} times`);
      return [
        {
          name: 'foundation.auth_me',
          value: round(app.requests.average, 0),
          unit: 'req/s',
          baseline: { name: 'bare node:http, same body', value: round(base.requests.average, 0) },
          ratio: round(app.requests.average / base.requests.average, 3),
          p50_ms: app.latency.p50,
          p99_ms: app.latency.p99,
          extra: { baseline_p99_ms: base.latency.p99, ...cpuFigures('cpu_ms', { api: appCpu.api, postgres: appCpu.postgres, client: appCpu.client }) },
        },
      ];
    } finally {
      bare.close();
    }
  } finally {
    await server.stop();
  }
}
