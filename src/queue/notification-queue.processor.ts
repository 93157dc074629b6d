import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { describeError } from '../common/logging/safe-error';
import { JobRegistry } from './job-registry.service';
import { QUEUE_WORKERS } from './job-options';
import { JobName, QueueName } from './jobs';

/**
 * Runs e-mail and WhatsApp notices. They wait on a mail server or a gateway, whose own
 * timeouts (SMTP_TIMEOUT_MS, WHATSAPP_GATEWAY_TIMEOUT_MS) bound how long a slot is held.
 */
@Processor(QueueName.Notifications, QUEUE_WORKERS[QueueName.Notifications])
export class NotificationQueueProcessor extends WorkerHost {
  private readonly logger = new Logger('NotificationQueue');

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
