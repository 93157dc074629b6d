import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { describeError } from '../common/logging/safe-error';
import { QUEUE_WORKERS } from './job-options';
import { JobRegistry } from './job-registry.service';
import { JobName, QueueName } from './jobs';

/**
 * Runs webhook deliveries. Mostly waiting on other servers, so the concurrency is high;
 * a delivery's own timeout (WEBHOOK_TIMEOUT_MS) bounds how long a slot is held.
 */
@Processor(QueueName.Webhooks, QUEUE_WORKERS[QueueName.Webhooks])
export class WebhookQueueProcessor extends WorkerHost {
  private readonly logger = new Logger('WebhookQueue');

  constructor(private readonly registry: JobRegistry) {
    super();
  }

  /** A lost Redis connection, or a job whose keys went with a Redis that restarted empty; BullMQ carries on. */
  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.warn(`Worker: ${describeError(err)}`);
  }

  process(job: Job): Promise<unknown> {
    return this.registry.run(job.name as JobName, job.data, { jobId: job.id, attempt: job.attemptsMade + 1 });
  }
}
