import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Cluster } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { describeError } from '../common/logging/safe-error';
import { bullConnection, createRedis, readEvictionPolicy, RedisClient } from './redis';

export const REDIS = Symbol('REDIS');
export const InjectRedis = () => Inject(REDIS);

export const redisClientProvider = {
  provide: REDIS,
  inject: [AppConfig],
  // Commands fail at once while Redis is down instead of queueing, so health answers quickly.
  useFactory: (config: AppConfig) => reportOutages(createRedis(config, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false })),
};

/**
 * One warning when the connection is lost and one line when it is back, rather than ioredis's
 * "Unhandled error event" with a stack on every reconnect attempt (each 10 ms under Sentinel).
 */
function reportOutages(client: RedisClient): RedisClient {
  const logger = new Logger('Redis');
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.warn(`Redis connection lost, reconnecting: ${describeError(err)}`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.log('Redis connection back');
  });
  return client;
}

/** The cluster connections handed to BullMQ, by configuration: BullMQ shares them and never closes them. */
const bullClusters = new WeakMap<AppConfig, Cluster>();

/** BullMQ's root options: its connection (see bullConnection) and the key prefix. */
export function bullRootOptions(config: AppConfig) {
  const connection = bullConnection(config);
  if (connection instanceof Cluster) bullClusters.set(config, connection);
  return { connection, prefix: config.QUEUE_PREFIX };
}

/** Warns at start when Redis may evict keys: BullMQ then loses jobs silently. */
@Injectable()
export class RedisLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');

  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const policy = await readEvictionPolicy(this.redis).catch(() => undefined);
    if (policy && policy !== 'noeviction') {
      this.logger.warn(
        `Redis maxmemory-policy is "${policy}", not "noeviction": under memory pressure Redis will drop queued jobs. ` +
          'Set "maxmemory-policy noeviction" in redis.conf.',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    const cluster = bullClusters.get(this.config);
    if (!cluster) return;
    // The queues' shared cluster connection goes last: the workers finish their jobs on it first
    // (closing twice is a no-op, so BullMQ's own shutdown hooks change nothing after this).
    const instances = this.discovery.getProviders().map((wrapper) => wrapper.instance as unknown);
    const workers = instances.filter((i): i is WorkerHost => i instanceof WorkerHost).flatMap((host) => ((host as unknown as { _worker?: WorkerHost['worker'] })._worker ? [host.worker] : []));
    await Promise.all(workers.map((worker) => worker.close().catch(() => undefined)));
    await Promise.all(instances.filter((i): i is Queue => i instanceof Queue).map((queue) => queue.close().catch(() => undefined)));
    bullClusters.delete(this.config);
    cluster.disconnect();
  }
}
