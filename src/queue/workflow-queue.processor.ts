import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { describeError } from '../common/logging/safe-error';
import { QUEUE_WORKERS } from './job-options';
import { JobRegistry } from './job-registry.service';
import { JobName, QueueName } from './jobs';

/** Runs the jobs of the workflow queue through their registered handlers. */
@Processor(QueueName.Workflow, QUEUE_WORKERS[QueueName.Workflow])
export class WorkflowQueueProcessor extends WorkerHost {
  private readonly logger = new Logger('WorkflowQueue');

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
