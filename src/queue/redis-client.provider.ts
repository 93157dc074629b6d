import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { readEvictionPolicy, redisOptions } from './redis';

export const REDIS = Symbol('REDIS');
export const InjectRedis = () => Inject(REDIS);

export const redisClientProvider = {
  provide: REDIS,
  inject: [AppConfig],
  useFactory: (config: AppConfig) =>
    // Commands fail at once while Redis is down instead of queueing, so health answers quickly.
    new Redis({ ...redisOptions(config), maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false }),
};

/** Warns at start when Redis may evict keys: BullMQ then loses jobs silently. */
@Injectable()
export class RedisLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');

  constructor(@InjectRedis() private readonly redis: Redis) {}

  async onApplicationBootstrap(): Promise<void> {
    const policy = await readEvictionPolicy(this.redis).catch(() => undefined);
    if (policy && policy !== 'noeviction') {
      this.logger.warn(
        `Redis maxmemory-policy is "${policy}", not "noeviction": under memory pressure Redis will drop queued jobs. ` +
          'Set "maxmemory-policy noeviction" in redis.conf.',
      );
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
