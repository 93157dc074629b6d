import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JobRegistry } from './job-registry.service';
import { JobName, QueueName, WEBHOOK_JOB_CONCURRENCY } from './jobs';

/**
 * Runs webhook deliveries. Mostly waiting on other servers, so the concurrency is high;
 * a delivery's own timeout (WEBHOOK_TIMEOUT_MS) bounds how long a slot is held.
 */
@Processor(QueueName.Webhooks, { concurrency: WEBHOOK_JOB_CONCURRENCY })
export class WebhookQueueProcessor extends WorkerHost {
  constructor(private readonly registry: JobRegistry) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return this.registry.run(job.name as JobName, job.data, { jobId: job.id, attempt: job.attemptsMade + 1 });
  }
}
