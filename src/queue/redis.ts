import Redis, { Cluster, ClusterOptions, RedisOptions } from 'ioredis';
import { AppConfig } from '../config/app-config';

/** A connection to the Redis in use: one server or Sentinel's master (`Redis`), or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/** Which Redis the configuration names: one server, a Sentinel-watched master, or a cluster. */
export type RedisTopology = 'single' | 'sentinel' | 'cluster';

export function redisTopology(config: AppConfig): RedisTopology {
  if (config.REDIS_CLUSTER_NODES.trim() !== '') return 'cluster';
  if (config.REDIS_SENTINELS.trim() !== '') return 'sentinel';
  return 'single';
}

/** `host:port,host:port` as ioredis's node list. */
export function parseHostPorts(list: string): { host: string; port: number }[] {
  return list
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const at = item.lastIndexOf(':');
      return { host: item.slice(0, at), port: Number(item.slice(at + 1)) };
    });
}

/**
 * A demoted master answers writes with READONLY, and ends blocking reads with UNBLOCKED, until
 * the client finds the new one: reconnect (asking the sentinels) and resend.
 */
const reconnectOnReadOnly = (err: Error): 2 | false => (/^(READONLY|UNBLOCKED)/.test(err.message) ? 2 : false);

/**
 * The options of one connection to a single Redis or to Sentinel's master (not a cluster: see
 * createRedis). Under Sentinel, ioredis asks the sentinels for the master and asks again after
 * a failover.
 */
export function redisOptions(config: AppConfig): RedisOptions {
  const common: RedisOptions = {
    password: config.REDIS_PASSWORD || undefined,
    db: config.REDIS_DB,
    // BullMQ workers block on Redis; they must not give up on a slow command.
    maxRetriesPerRequest: null,
  };
  if (redisTopology(config) === 'sentinel') {
    return {
      ...common,
      sentinels: parseHostPorts(config.REDIS_SENTINELS),
      name: config.REDIS_SENTINEL_MASTER,
      sentinelPassword: config.REDIS_SENTINEL_PASSWORD || undefined,
      // Told of a failover by the sentinels at once, not at the next failed command.
      failoverDetector: true,
      reconnectOnError: reconnectOnReadOnly,
    };
  }
  return { ...common, host: config.REDIS_HOST, port: config.REDIS_PORT };
}

function clusterOptions(config: AppConfig, overrides: RedisOptions): ClusterOptions {
  // These two are the cluster's own options; the rest apply to each node's connection.
  const { enableOfflineQueue, lazyConnect, ...perNode } = overrides;
  const base = redisOptions(config);
  return {
    redisOptions: { password: base.password, maxRetriesPerRequest: base.maxRetriesPerRequest, ...perNode },
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(lazyConnect === undefined ? {} : { lazyConnect }),
    // A node that moved a slot or failed over is found by asking the cluster again.
    slotsRefreshTimeout: 2_000,
  };
}

/**
 * The one place that opens a Redis connection: one server, Sentinel's master or a cluster,
 * as configured; `overrides` are ioredis options for this connection (offline queue, retries).
 */
export function createRedis(config: AppConfig, overrides: RedisOptions = {}): RedisClient {
  if (redisTopology(config) === 'cluster') {
    return new Cluster(parseHostPorts(config.REDIS_CLUSTER_NODES), clusterOptions(config, overrides));
  }
  return new Redis({ ...redisOptions(config), ...overrides });
}

/** Another connection like `client` (a subscriber, say), with `overrides` applied. */
export function duplicateRedis(client: RedisClient, overrides: RedisOptions = {}): RedisClient {
  if (client instanceof Cluster) {
    const { enableOfflineQueue, lazyConnect, ...perNode } = overrides;
    return client.duplicate(undefined, {
      redisOptions: { ...client.options.redisOptions, ...perNode },
      ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
      ...(lazyConnect === undefined ? {} : { lazyConnect }),
    });
  }
  return client.duplicate(overrides);
}

/**
 * What BullMQ connects with: options for one server or Sentinel (each queue and worker opens
 * its own connections, as before), a Cluster instance on a cluster (BullMQ cannot open one
 * from options; the queues share it and the workers duplicate it for their blocking reads).
 *
 * Under Sentinel, BullMQ's connections go without ioredis's failover detector: BullMQ closes
 * them with QUIT, and ioredis 5 leaves the detector's sentinel subscriptions open after a QUIT
 * (ioredis#1362), so a stopped process would keep reconnecting to the sentinels for good. They
 * lose nothing by it: Sentinel kills the demoted master's client connections as it fails over,
 * and a crashed master drops them, so they reconnect and ask the sentinels again; a write that
 * reaches a demoted master still reconnects on READONLY. Our own connections, closed with
 * disconnect(), keep the detector.
 */
export function bullConnection(config: AppConfig): RedisOptions | Cluster {
  const topology = redisTopology(config);
  if (topology === 'cluster') return createRedis(config, { maxRetriesPerRequest: null }) as Cluster;
  if (topology === 'sentinel') return { ...redisOptions(config), failoverDetector: false };
  return redisOptions(config);
}

/** Reads Redis's maxmemory-policy; BullMQ loses jobs under any policy but noeviction. */
export async function readEvictionPolicy(redis: RedisClient): Promise<string | undefined> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as unknown as string[];
    return reply?.[1];
  } catch {
    // Managed Redis services often forbid CONFIG; then nothing can be told.
    return undefined;
  }
}

/**
 * Deletes every key under a queue prefix (`<prefix>:*`): the queues of a test or benchmark
 * run that is over. On a cluster, on each master. Never point it at the prefix of a live deployment.
 */
export async function deleteQueuePrefix(target: AppConfig | RedisOptions, prefix: string): Promise<number> {
  // A short-lived connection: no failover watch (its sentinel subscriptions could outlive it), errors end in the promise.
  const once: RedisOptions = { lazyConnect: true, maxRetriesPerRequest: 1, failoverDetector: false };
  const redis = target instanceof AppConfig ? createRedis(target, once) : new Redis({ ...target, ...once });
  redis.on('error', () => undefined);
  let deleted = 0;
  try {
    await redis.connect();
    const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
    // Glob-special characters of the prefix are matched as themselves.
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`;
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        // One node's keys one at a time on a cluster: keys of several slots cannot go in one command.
        if (keys.length > 0) deleted += redis instanceof Cluster ? (await Promise.all(keys.map((key) => node.unlink(key)))).reduce((a, b) => a + b, 0) : await node.unlink(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}
