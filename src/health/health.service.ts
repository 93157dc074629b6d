import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
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
export class HealthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRedis() private readonly redis: Redis,
    private readonly storage: StorageService,
  ) {}

  async check(): Promise<HealthReport> {
    const [database, redis, storage] = await Promise.all([
      probe(() => this.db.query('SELECT 1')),
      probe(() => this.redis.ping()),
      probe(() => this.storage.ping()),
    ]);
    const allUp = [database, redis, storage].every((c) => c.status === 'up');
    return { status: allUp ? 'ok' : 'error', checks: { database, redis, storage } };
  }
}
