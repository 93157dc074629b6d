import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { JOB_QUEUES, JobName, JobPayloads, QueueName } from './jobs';

/** Typed producer: the only way the code adds jobs. */
@Injectable()
export class JobQueue {
  private readonly queues: Record<QueueName, Queue>;

  constructor(@InjectQueue(QueueName.Workflow) workflow: Queue) {
    this.queues = { [QueueName.Workflow]: workflow };
  }

  /** Adds a job; give a deterministic `jobId` so a retried producer cannot add it twice. */
  add<K extends JobName>(name: K, payload: JobPayloads[K], options: JobsOptions & { jobId: string }): Promise<unknown> {
    return this.queues[JOB_QUEUES[name]].add(name, payload, {
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
      ...options,
    });
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }
}
