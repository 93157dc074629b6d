import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { JobQueue } from '../../queue/job-queue.service';
import { jobId } from '../../queue/jobs';
import { OUTBOX_CHANNEL, OutboxService } from './outbox.service';

interface OutboxRow {
  id: string;
  letter_id: string | null;
  type: string;
  payload: Record<string, any>;
}

const BATCH = 200;
const POLL_MS = 1000;

/**
 * Hands committed outbox events to BullMQ. Each event becomes a job whose id is derived
 * from the event id, so relaying the same event twice (a crash between enqueue and marking)
 * adds nothing. Woken by the local commit, by NOTIFY from other processes, and by a poll.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxService,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.outbox.wakeups.on('kick', () => this.wake());
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    await this.listen();
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.listener?.end().catch(() => undefined);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  /** Relays now, or right after the relay in progress. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.drain()
      .catch((err) => this.logger.warn(`Outbox relay paused: ${(err as Error).message}`))
      .finally(() => {
        this.running = false;
        if (this.again && !this.stopped) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Relays until no pending event is left; returns how many were relayed. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n < BATCH || this.stopped) return total;
    }
  }

  private async relayBatch(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows: OutboxRow[] = await tx.query(
        `SELECT id, letter_id, type, payload FROM outbox_event WHERE dispatched_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      // Enqueued in order, so the events of one letter reach the queue in the order they happened.
      for (const row of rows) await this.enqueue(row);
      await tx.query(`UPDATE outbox_event SET dispatched_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  private async enqueue(row: OutboxRow): Promise<void> {
    const p = row.payload;
    switch (row.type) {
      case 'workflow.action':
        await this.jobs.add('workflow.action', { ...p, outboxId: row.id } as never, { jobId: jobId('outbox', row.id), attempts: 5, backoff: { type: 'exponential', delay: 1000 } });
        return;
      case 'deadline.scheduled': {
        const delay = Math.max(0, new Date(p.dueAt).getTime() - Date.now());
        await this.jobs.add('workflow.deadline', { deadlineId: p.deadlineId }, { jobId: jobId('deadline', p.deadlineId), delay, attempts: 5, backoff: { type: 'exponential', delay: 5000 } });
        return;
      }
      case 'letter.transitioned':
        // The record of a state change; consumed by webhook delivery for module approvals.
        return;
      default:
        throw new Error(`Outbox event ${row.id} has unknown type ${row.type}`);
    }
  }

  private async listen(): Promise<void> {
    const c = this.config;
    this.listener = new Client({ host: c.DB_HOST, port: c.DB_PORT, user: c.DB_USER, password: c.DB_PASSWORD || undefined, database: c.DB_NAME });
    this.listener.on('error', (err: Error) => this.logger.warn(`Outbox listener lost: ${err.message}; polling continues`));
    this.listener.on('notification', () => this.wake());
    await this.listener.connect();
    await this.listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
  }
}
