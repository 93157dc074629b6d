import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobQueue } from '../../queue/job-queue.service';
import { JOB_QUEUES } from '../../queue/jobs';

export const DEADLINE_SWEEP_EVERY_MS = 60_000;

/** Registers the periodic deadline sweep once per Redis, whichever process starts first. */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap {
  constructor(private readonly jobs: JobQueue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.queue(JOB_QUEUES['workflow.deadline-sweep']).upsertJobScheduler(
      'deadline-sweep',
      { every: DEADLINE_SWEEP_EVERY_MS },
      { name: 'workflow.deadline-sweep', data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }
}
