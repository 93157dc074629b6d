import Redis, { RedisOptions } from 'ioredis';
import { AppConfig } from '../config/app-config';

export function redisOptions(config: AppConfig): RedisOptions {
  return {
    host: config.REDIS_HOST,
    port: config.REDIS_PORT,
    password: config.REDIS_PASSWORD || undefined,
    db: config.REDIS_DB,
    // BullMQ workers block on Redis; they must not give up on a slow command.
    maxRetriesPerRequest: null,
  };
}

/** Reads Redis's maxmemory-policy; BullMQ loses jobs under any policy but noeviction. */
export async function readEvictionPolicy(redis: Redis): Promise<string | undefined> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    return reply?.[1];
  } catch {
    // Managed Redis services often forbid CONFIG; then nothing can be told.
    return undefined;
  }
}

/**
 * Deletes every key under a queue prefix (`<prefix>:*`): the queues of a test or benchmark
 * run that is over. Never point it at the prefix of a live deployment.
 */
export async function deleteQueuePrefix(options: RedisOptions, prefix: string): Promise<number> {
  const redis = new Redis({ ...options, lazyConnect: true, maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
