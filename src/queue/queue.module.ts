import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { JobQueue } from './job-queue.service';
import { JobRegistry } from './job-registry.service';
import { JobSchedules } from './job-schedules.service';
import { NotificationQueueProcessor } from './notification-queue.processor';
import { OcrQueueProcessor } from './ocr-queue.processor';
import { QueueName } from './jobs';
import { bullRootOptions, redisClientProvider, RedisLifecycle, REDIS } from './redis-client.provider';
import { RedisWatch } from './redis-watch.service';
import { WebhookQueueProcessor } from './webhook-queue.processor';
import { WorkflowQueueProcessor } from './workflow-queue.processor';

@Global()
@Module({})
export class QueueModule {
  /** Queues for producing always; the workers only where this process runs them. */
  static forRoot(options: { workers: boolean }): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        DiscoveryModule,
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: bullRootOptions,
        }),
        BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
      ],
      providers: [
        redisClientProvider,
        RedisLifecycle,
        JobQueue,
        JobRegistry,
        ...(options.workers ? [RedisWatch, JobSchedules, WorkflowQueueProcessor, WebhookQueueProcessor, OcrQueueProcessor, NotificationQueueProcessor] : []),
      ],
      exports: [JobQueue, JobRegistry, REDIS, ...(options.workers ? [RedisWatch] : [])],
    };
  }
}
