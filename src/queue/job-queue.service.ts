import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { describeError } from '../common/logging/safe-error';
import { JOB_OPTIONS } from './job-options';
import { JOB_QUEUES, JobName, JobPayloads, QueueName } from './jobs';

/** What a producer says of one job: its deterministic id, and a delay. Retries and retention come from JOB_OPTIONS. */
export type OneJobOptions = Pick<JobsOptions, 'delay'> & { jobId: string };

export type QueuedJob = { [K in JobName]: { name: K; payload: JobPayloads[K]; options: OneJobOptions } }[JobName];

/** Typed producer: the only way the code adds jobs. */
@Injectable()
export class JobQueue {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QueueName.Workflow) workflow: Queue,
    @InjectQueue(QueueName.Webhooks) webhooks: Queue,
    @InjectQueue(QueueName.Ocr) ocr: Queue,
    @InjectQueue(QueueName.Notifications) notifications: Queue,
  ) {
    this.queues = { [QueueName.Workflow]: workflow, [QueueName.Webhooks]: webhooks, [QueueName.Ocr]: ocr, [QueueName.Notifications]: notifications };
    // Connection errors while Redis is away: in the log's format, not on the console.
    const logger = new Logger('Queue');
    for (const queue of Object.values(this.queues)) queue.on('error', (err) => logger.warn(`Queue ${queue.name}: ${describeError(err)}`));
  }

  /** Adds a job; give a deterministic `jobId` so a retried producer cannot add it twice. */
  add<K extends JobName>(name: K, payload: JobPayloads[K], options: OneJobOptions): Promise<unknown> {
    return this.queues[JOB_QUEUES[name]].add(name, payload, { ...JOB_OPTIONS[name], ...options });
  }

  /** Adds many jobs with one round trip per queue, keeping their order within each queue. */
  async addBulk(jobs: QueuedJob[]): Promise<void> {
    const byQueue = new Map<QueueName, QueuedJob[]>();
    for (const job of jobs) {
      const list = byQueue.get(JOB_QUEUES[job.name]);
      if (list) list.push(job);
      else byQueue.set(JOB_QUEUES[job.name], [job]);
    }
    await Promise.all(
      [...byQueue].map(([queue, list]) => this.queues[queue].addBulk(list.map((j) => ({ name: j.name, data: j.payload, opts: { ...JOB_OPTIONS[j.name], ...j.options } })))),
    );
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }
}
