import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { freePort } from './free-port';

const run = promisify(execFile);

/** Asks `check` every 100 ms until it answers something truthy, for at most `ms`. */
async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms${last ? ` (${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One command to a server on 127.0.0.1, on a connection of its own that gives up at once. */
export async function redisCommand(port: number, ...args: (string | number)[]): Promise<unknown> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.call(String(args[0]), ...args.slice(1).map(String));
  } finally {
    client.disconnect();
  }
}

/** A redis-server (or sentinel) process of the test's own, its log in the set's folder. */
class RedisProcess {
  child?: ChildProcess;
  constructor(
    readonly name: string,
    readonly port: number,
    private readonly args: string[],
  ) {}

  /** Starts it and waits for PONG; false when it exited first (its port was taken meanwhile). */
  async start(): Promise<boolean> {
    const child = spawn('redis-server', this.args, { stdio: 'ignore' });
    this.child = child;
    let exited = false;
    child.once('exit', () => (exited = true));
    try {
      await until(`${this.name} answers on ${this.port}`, async () => {
        if (exited) throw new Error('exited');
        return (await redisCommand(this.port, 'PING')) === 'PONG';
      }, 10_000);
      return true;
    } catch (err) {
      if (exited) return false;
      throw err;
    }
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * A set of Redis processes on loopback ports in a temporary folder. Ports are found by binding
 * port 0 and letting it go (redis-server cannot be told port 0 usefully); a server that then
 * fails to bind it is started again on another.
 */
abstract class RedisSet {
  readonly dir = mkdtempSync(join(tmpdir(), 'esurat-redis-set-'));
  protected readonly processes: RedisProcess[] = [];

  protected async spawnOn(name: string, args: (port: number, dir: string) => string[], usable: (port: number) => boolean = () => true): Promise<RedisProcess> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const port = await freePort();
      if (!usable(port)) continue;
      const dir = join(this.dir, `${name}-${port}`);
      mkdirSync(dir, { recursive: true });
      const proc = new RedisProcess(name, port, [...args(port, dir), '--logfile', join(dir, 'redis.log')]);
      if (await proc.start()) {
        this.processes.push(proc);
        return proc;
      }
    }
    throw new Error(`${name}: no free port found in 10 attempts`);
  }

  /** Kills every process and removes the folder; safe to call after a failed start. */
  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.kill().catch(() => undefined)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const NO_PERSISTENCE = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'];

/** A Redis Cluster of three masters (no replicas) on 127.0.0.1. */
export class RedisClusterSet extends RedisSet {
  get masters(): number[] {
    return this.processes.map((p) => p.port);
  }

  /** REDIS_CLUSTER_NODES for the app. */
  get nodes(): string {
    return this.masters.map((port) => `127.0.0.1:${port}`).join(',');
  }

  static async start(): Promise<RedisClusterSet> {
    const set = new RedisClusterSet();
    try {
      for (let i = 0; i < 3; i++) {
        await set.spawnOn(
          `cluster${i}`,
          (port, dir) => ['--port', String(port), '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--cluster-node-timeout', '2000', '--dir', dir, ...NO_PERSISTENCE],
          // The cluster bus listens on the port + 10000.
          (port) => port + 10_000 <= 65_535,
        );
      }
      await run('redis-cli', ['--cluster', 'create', ...set.masters.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
      for (const port of set.masters) {
        await until(`cluster node ${port} reports cluster_state:ok`, async () => String(await redisCommand(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'), 20_000);
      }
      return set;
    } catch (err) {
      await set.stop();
      throw err;
    }
  }

  /** How many keys start with `prefix` on each master. */
  async keysPerMaster(prefix: string): Promise<number[]> {
    return Promise.all(this.masters.map(async (port) => ((await redisCommand(port, 'KEYS', `${prefix}*`)) as string[]).length));
  }
}

/** One master, one replica and three sentinels (quorum 2) watching `mymaster`, on 127.0.0.1. */
export class RedisSentinelSet extends RedisSet {
  static readonly MASTER_NAME = 'mymaster';
  private servers: RedisProcess[] = [];
  private sentinelProcs: RedisProcess[] = [];

  /** REDIS_SENTINELS for the app. */
  get sentinels(): string {
    return this.sentinelProcs.map((p) => `127.0.0.1:${p.port}`).join(',');
  }

  static async start(): Promise<RedisSentinelSet> {
    const set = new RedisSentinelSet();
    try {
      const master = await set.spawnOn('master', (port, dir) => ['--port', String(port), '--dir', dir, ...NO_PERSISTENCE]);
      const replica = await set.spawnOn('replica', (port, dir) => ['--port', String(port), '--dir', dir, '--replicaof', '127.0.0.1', String(master.port), ...NO_PERSISTENCE]);
      set.servers = [master, replica];
      await until('the replica is in sync', async () => String(await redisCommand(replica.port, 'INFO', 'replication')).includes('master_link_status:up'), 20_000);
      for (let i = 0; i < 3; i++) {
        set.sentinelProcs.push(
          await set.spawnOn(`sentinel${i}`, (port, dir) => {
            const conf = join(dir, 'sentinel.conf');
            // Sentinel rewrites its file (the other sentinels, the replicas it found): one of its own.
            writeFileSync(
              conf,
              [
                `port ${port}`,
                'bind 127.0.0.1',
                `dir ${dir}`,
                `sentinel monitor ${RedisSentinelSet.MASTER_NAME} 127.0.0.1 ${master.port} 2`,
                `sentinel down-after-milliseconds ${RedisSentinelSet.MASTER_NAME} 1000`,
                `sentinel failover-timeout ${RedisSentinelSet.MASTER_NAME} 5000`,
                `sentinel parallel-syncs ${RedisSentinelSet.MASTER_NAME} 1`,
                '',
              ].join('\n'),
            );
            return [conf, '--sentinel'];
          }),
        );
      }
      await set.waitSettled();
      return set;
    } catch (err) {
      await set.stop();
      throw err;
    }
  }

  /** The master's port as each sentinel tells it. */
  private async masterSeenBy(sentinel: RedisProcess): Promise<number> {
    const [, port] = (await redisCommand(sentinel.port, 'SENTINEL', 'get-master-addr-by-name', RedisSentinelSet.MASTER_NAME)) as string[];
    return Number(port);
  }

  /** The current master's port (per the first sentinel that answers). */
  async masterPort(): Promise<number> {
    for (const s of this.sentinelProcs) {
      try {
        return await this.masterSeenBy(s);
      } catch {
        // The next one.
      }
    }
    throw new Error('no sentinel answers');
  }

  /** Every sentinel agrees on the master, knows the others and a replica in sync. */
  async waitSettled(ms = 30_000): Promise<void> {
    await until('the sentinels agree on a master with a synced replica', async () => {
      const seen = await Promise.all(this.sentinelProcs.map((s) => this.masterSeenBy(s)));
      if (new Set(seen).size !== 1) return false;
      for (const s of this.sentinelProcs) {
        const flat = (await redisCommand(s.port, 'SENTINEL', 'master', RedisSentinelSet.MASTER_NAME)) as string[];
        const info = Object.fromEntries(flat.flatMap((v, i) => (i % 2 === 0 ? [[v, flat[i + 1]]] : [])));
        if (info.flags !== 'master' || Number(info['num-other-sentinels']) < 2 || Number(info['num-slaves']) < 1) return false;
      }
      const replicas = this.servers.filter((p) => p.running && p.port !== seen[0]);
      const synced = await Promise.all(replicas.map(async (p) => String(await redisCommand(p.port, 'INFO', 'replication')).includes('master_link_status:up')));
      return synced.length > 0 && synced.every(Boolean);
    }, ms);
  }

  /** How many connections the sentinels hold from anything but each other and this helper (the apps under test). */
  async clientsOfOthers(): Promise<number> {
    const lists = await Promise.all(this.sentinelProcs.map(async (s) => String(await redisCommand(s.port, 'CLIENT', 'LIST'))));
    return lists
      .flatMap((list) => list.split('\n'))
      .filter((line) => line.trim() !== '')
      // Sentinels name their links to each other `sentinel-<id>-cmd`/`-pubsub`; this helper's one connection runs CLIENT.
      .filter((line) => !/ name=sentinel-/.test(line) && !/ cmd=client\|list /.test(line)).length;
  }

  /** `SENTINEL FAILOVER`: the replica becomes master, the master its replica; resolves once the sentinels point at the new one. */
  async failover(): Promise<{ from: number; to: number }> {
    const from = await this.masterPort();
    await redisCommand(this.sentinelProcs[0].port, 'SENTINEL', 'FAILOVER', RedisSentinelSet.MASTER_NAME);
    const to = await until('the sentinels name a new master', async () => {
      const now = await this.masterPort();
      return now !== from && now;
    }, 30_000);
    return { from, to };
  }

  /** Kills the master process (SIGKILL, as a crash); the sentinels elect the replica. */
  async killMaster(): Promise<{ from: number; to: number }> {
    const from = await this.masterPort();
    await this.servers.find((p) => p.port === from)!.kill();
    const to = await until('the sentinels promote the replica', async () => {
      const now = await this.masterPort();
      return now !== from && now;
    }, 30_000);
    return { from, to };
  }
}
