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
