import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { JOB_OPTIONS } from './job-options';
import { JobQueue } from './job-queue.service';
import { JOB_QUEUES, JOB_SCHEDULES } from './jobs';
import { RedisWatch } from './redis-watch.service';

/** Sets up every periodic job of JOB_SCHEDULES once per Redis, and again after Redis lost them. */
@Injectable()
export class JobSchedules implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly watch: RedisWatch,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.watch.onReset(() => this.upsertAll());
  }

  async onApplicationBootstrap(): Promise<void> {
    // At every start: a deployment may have changed an interval.
    await this.upsertAll();
  }

  async upsertAll(): Promise<void> {
    for (const schedule of JOB_SCHEDULES) {
      await this.jobs.queue(JOB_QUEUES[schedule.name]).upsertJobScheduler(
        schedule.id,
        { every: typeof schedule.everyMs === 'number' ? schedule.everyMs : schedule.everyMs(this.config) },
        { name: schedule.name, data: {}, opts: JOB_OPTIONS[schedule.name] },
      );
    }
  }
}
