import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JobRegistry } from './job-registry.service';
import { JobName, QueueName } from './jobs';

/** Runs the jobs of the workflow queue through their registered handlers. */
@Processor(QueueName.Workflow, { concurrency: 8 })
export class WorkflowQueueProcessor extends WorkerHost {
  constructor(private readonly registry: JobRegistry) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return this.registry.run(job.name as JobName, job.data, { jobId: job.id, attempt: job.attemptsMade + 1 });
  }
}
