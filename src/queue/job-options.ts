import type { WorkerOptions } from 'bullmq';
import { JobName, NOTIFICATION_JOB_CONCURRENCY, NOTIFICATION_SEND_ATTEMPTS, QueueName, WEBHOOK_JOB_CONCURRENCY } from './jobs';

/** How BullMQ retries and keeps one kind of job. */
export interface JobRetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  backoff?: { type: 'exponential'; delay: number };
  removeOnComplete: number | { age: number; count?: number };
  removeOnFail: number | { age: number; count?: number };
}

/** Queued work: a day of finished jobs (at most 10 000), a week of failed ones to look into. */
const KEPT = { removeOnComplete: { age: 24 * 3600, count: 10_000 }, removeOnFail: { age: 7 * 24 * 3600 } } as const;
/** Periodic sweeps: each run redoes the whole sweep, so a failed run is not retried and only the last hundred are kept. */
const PERIODIC: JobRetryOptions = { attempts: 1, removeOnComplete: 100, removeOnFail: 100 };
const exponential = (delay: number) => ({ type: 'exponential', delay }) as const;

/**
 * Retry and retention of every job, by name: the only place they are set. A producer gives
 * only what belongs to one job (its deterministic id, a delay), through JobQueue.
 */
export const JOB_OPTIONS: { readonly [K in JobName]: JobRetryOptions } = {
  'workflow.action': { attempts: 5, backoff: exponential(1000), ...KEPT },
  'workflow.deadline': { attempts: 5, backoff: exponential(5000), ...KEPT },
  // Deliveries also keep their own schedule of tries (WEBHOOK_MAX_ATTEMPTS, integrations/webhooks); these cover a job that failed as a whole.
  'webhook.deliver': { attempts: 5, backoff: exponential(1000), ...KEPT },
  // A transient SMTP failure is retried; after the last try the item stays on the printable list (letters/dispatch).
  'dispatch.email': { attempts: 3, backoff: exponential(1000), ...KEPT },
  'search.index': { attempts: 5, backoff: exponential(1000), ...KEPT },
  // A failure of the file itself is final at once; the tries cover storage or database hiccups (archive/ocr).
  'ocr.extract': { attempts: 3, backoff: exponential(30_000), ...KEPT },
  'archive.disposal-execute': { attempts: 5, backoff: exponential(2000), ...KEPT },
  // Fans a statement's notices out to each person's channels (notifications/).
  'notification.deliver': { attempts: 5, backoff: exponential(1000), ...KEPT },
  // One message on one channel; after the last try its notification_delivery row stays failed (the dead letter).
  'notification.send': { attempts: NOTIFICATION_SEND_ATTEMPTS, backoff: exponential(2000), ...KEPT },
  'workflow.deadline-sweep': PERIODIC,
  'disposition.overdue-sweep': PERIODIC,
  'storage.orphan-sweep': PERIODIC,
  'audit.checkpoint': PERIODIC,
  'archive.retention-sweep': PERIODIC,
  'pki.ltv-renewal': PERIODIC,
  'notification.digest': PERIODIC,
};

/** The worker of each queue; the OCR worker's concurrency is OCR_CONCURRENCY, set at start-up. */
export const QUEUE_WORKERS: { readonly [Q in QueueName]: Pick<WorkerOptions, 'concurrency' | 'lockDuration'> } = {
  [QueueName.Workflow]: { concurrency: 8 },
  [QueueName.Webhooks]: { concurrency: WEBHOOK_JOB_CONCURRENCY },
  // OCR runs for minutes: a long lock, so a busy job is not taken for stalled.
  [QueueName.Ocr]: { concurrency: 1, lockDuration: 120_000 },
  // Notices wait on a mail server or a gateway.
  [QueueName.Notifications]: { concurrency: NOTIFICATION_JOB_CONCURRENCY },
};
