import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { describeError } from '../../common/logging/safe-error';
import { AppConfig } from '../../config/app-config';
import { WebhooksService } from './webhooks.service';

/**
 * Where the workers run: periodically re-queues webhook events whose job was lost, and
 * forgets expired Idempotency-Keys.
 */
@Injectable()
export class WebhookSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookSweeper');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly webhooks: WebhooksService,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.WEBHOOK_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  /** Before the database closes, so a sweep in progress finishes rather than fails. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const requeued = await this.webhooks.sweep();
      if (requeued > 0) this.logger.log(`Re-queued ${requeued} webhook event(s)`);
      await this.db.query(`DELETE FROM idempotency_key WHERE expires_at < now()`);
    } catch (err) {
      this.logger.warn(`Webhook sweep failed, next time then: ${describeError(err)}`);
    } finally {
      this.running = false;
    }
  }
}
