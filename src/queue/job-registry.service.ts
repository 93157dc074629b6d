import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { checkHandlers, discoverHandlers } from '../common/discover-handlers';
import { JOB_HANDLER_KEY } from './job-handler.decorator';
import { JOB_QUEUES, JobName, JobPayloads } from './jobs';

type Handler = (payload: unknown, meta: { jobId?: string; attempt: number }) => Promise<unknown>;

/** Finds every @JobHandler method at start-up and refuses a job name with no handler or with two. */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly handlers = new Map<JobName, Handler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const found = discoverHandlers<JobName>(this.discovery, this.scanner, this.reflector, JOB_HANDLER_KEY);
    const problems = checkHandlers(found, Object.keys(JOB_QUEUES) as JobName[], 'job');
    if (problems.length > 0) throw new Error(`Job handlers are wrong:\n  ${problems.join('\n  ')}`);
    for (const f of found) this.handlers.set(f.key, f.handler as Handler);
  }

  run<K extends JobName>(name: K, payload: JobPayloads[K], meta: { jobId?: string; attempt: number }): Promise<unknown> {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`No handler for job ${name}`);
    return handler(payload, meta);
  }
}
