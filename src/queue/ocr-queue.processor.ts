import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { describeError } from '../common/logging/safe-error';
import { AppConfig } from '../config/app-config';
import { QUEUE_WORKERS } from './job-options';
import { JobRegistry } from './job-registry.service';
import { JobName, QueueName } from './jobs';

/**
 * Runs OCR jobs on their own queue, OCR_CONCURRENCY at once (one core each), so that a pile
 * of scans never delays workflow jobs and never takes every core of the machine.
 */
@Processor(QueueName.Ocr, QUEUE_WORKERS[QueueName.Ocr])
export class OcrQueueProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('OcrQueue');

  constructor(
    private readonly registry: JobRegistry,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.OCR_CONCURRENCY;
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.warn(`Worker: ${describeError(err)}`);
  }

  process(job: Job): Promise<unknown> {
    return this.registry.run(job.name as JobName, job.data, { jobId: job.id, attempt: job.attemptsMade + 1 });
  }
}
