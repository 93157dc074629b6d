import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
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
    const found = new Map<JobName, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance);
      if (!prototype) continue;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const name = this.reflector.get<JobName | undefined>(JOB_HANDLER_KEY, prototype[method]);
        if (!name) continue;
        found.set(name, [...(found.get(name) ?? []), `${prototype.constructor.name}.${method}`]);
        this.handlers.set(name, (instance[method] as Handler).bind(instance));
      }
    }
    const problems: string[] = [];
    for (const name of Object.keys(JOB_QUEUES) as JobName[]) {
      const where = found.get(name) ?? [];
      if (where.length === 0) problems.push(`job "${name}" has no handler`);
      if (where.length > 1) problems.push(`job "${name}" has ${where.length} handlers: ${where.join(', ')}`);
    }
    for (const name of found.keys()) {
      if (!(name in JOB_QUEUES)) problems.push(`handler for unknown job "${name}"`);
    }
    if (problems.length > 0) throw new Error(`Job handlers are wrong:\n  ${problems.join('\n  ')}`);
  }

  run<K extends JobName>(name: K, payload: JobPayloads[K], meta: { jobId?: string; attempt: number }): Promise<unknown> {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`No handler for job ${name}`);
    return handler(payload, meta);
  }
}
