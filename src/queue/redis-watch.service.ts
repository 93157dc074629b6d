import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { RedisClient } from './redis';
import { describeError } from '../common/logging/safe-error';
import { AppConfig } from '../config/app-config';
import { InjectRedis } from './redis-client.provider';

/** How often Redis is checked besides each reconnection: a flush or a failover keeps the connection. */
export const REDIS_CHECK_EVERY_MS = 2_000;

type ResetListener = () => Promise<unknown>;

/**
 * Tells when Redis has lost what it held (restarted empty, flushed, failed over to an empty
 * replica): a marker key under the queue prefix that is gone, or replaced by another
 * process that found it gone. Its listeners set up again what lived only in Redis.
 */
@Injectable()
export class RedisWatch implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly listeners: ResetListener[] = [];
  private epoch?: string;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;
  private stopped = false;
  private readonly checkSoon = () => void this.check();

  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly config: AppConfig,
  ) {}

  /** Runs `listener` each time Redis is found without its data, at start included. */
  onReset(listener: ResetListener): void {
    this.listeners.push(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.check();
    this.redis.on('ready', this.checkSoon);
    this.timer = setInterval(this.checkSoon, REDIS_CHECK_EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.redis.off('ready', this.checkSoon);
    await this.checking;
  }

  /** Checks now, or joins the check in progress. */
  check(): Promise<void> {
    this.checking ??= this.detect()
      // Redis away: the check after it returns (its 'ready') will tell.
      .catch(() => undefined)
      .finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async detect(): Promise<void> {
    const key = `${this.config.QUEUE_PREFIX}:redis-epoch`;
    const created = (await this.redis.set(key, randomUUID(), 'NX')) === 'OK';
    const epoch = (await this.redis.get(key)) ?? undefined;
    const starting = this.epoch === undefined;
    const lost = created || (!starting && epoch !== this.epoch);
    this.epoch = epoch;
    if (!lost || this.stopped) return;
    // At start an empty Redis is usually a new one; later it means data was lost.
    if (!starting) this.logger.warn('Redis lost its data (restarted empty or flushed): setting up periodic jobs and re-queueing unfinished ones');
    for (const listener of this.listeners) {
      await listener().catch((err) => this.logger.warn(`Recovery after a Redis reset failed, next check retries: ${describeError(err)}`));
    }
  }
}
