import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { RedisClient } from '../queue/redis';
import { Pool } from 'pg';
import { AppConfig } from '../config/app-config';
import { InjectRedis } from '../queue/redis-client.provider';
import { StorageService } from '../storage/storage.service';

export interface DependencyHealth {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'error';
  checks: { database: DependencyHealth; redis: DependencyHealth; storage: DependencyHealth };
}

const TIMEOUT_MS = 2000;

async function probe(fn: () => Promise<unknown>): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    // Only the error's message: connection errors can carry host names but never credentials.
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: (err as Error).message || String(err) };
  } finally {
    clearTimeout(timer);
  }
}

@Injectable()
export class HealthService implements OnModuleDestroy {
  /**
   * One connection of its own: a probe queued behind a busy pool would call a healthy server
   * down exactly when it is working hardest (and a load balancer would take it out).
   */
  private readonly probeDb: Pool;

  constructor(
    config: AppConfig,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly storage: StorageService,
  ) {
    this.probeDb = new Pool({
      host: config.DB_HOST,
      port: config.DB_PORT,
      user: config.DB_USER,
      password: config.DB_PASSWORD || undefined,
      database: config.DB_NAME,
      max: 1,
      connectionTimeoutMillis: TIMEOUT_MS,
      statement_timeout: TIMEOUT_MS,
      application_name: 'esurat-core-health',
    });
    // A dropped probe connection is replaced at the next check; the error itself is reported there.
    this.probeDb.on('error', () => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.probeDb.end();
  }

  async check(): Promise<HealthReport> {
    const [database, redis, storage] = await Promise.all([
      probe(() => this.probeDb.query('SELECT 1')),
      probe(() => this.redis.ping()),
      probe(() => this.storage.ping()),
    ]);
    const allUp = [database, redis, storage].every((c) => c.status === 'up');
    return { status: allUp ? 'ok' : 'error', checks: { database, redis, storage } };
  }
}
