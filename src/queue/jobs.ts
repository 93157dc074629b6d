import type { AppConfig } from '../config/app-config';
/**
 * Every queue, job name and payload of the system, in one place. A handler is a service
 * method marked @JobHandler(name); start-up refuses a name with no handler or two.
 */
export enum QueueName {
  Workflow = 'workflow',
  /** Webhook deliveries apart, so a slow module's callback never delays workflow jobs. */
  Webhooks = 'webhooks',
  /** OCR and text extraction apart: minutes of CPU per job, at most OCR_CONCURRENCY at once. */
  Ocr = 'ocr',
  /** E-mail and WhatsApp notices apart: a slow mail server or gateway never delays workflow jobs. */
  Notifications = 'notifications',
}

export interface JobPayloads {
  /**
   * Runs the actions one transition requested (renderDocument, dispatch...), after it committed,
   * in the order the workflow lists them: one job per transition, one outbox event per action.
   */
  'workflow.action': {
    letterId: string;
    seq: number;
    actions: {
      outboxId: string;
      letterId: string;
      seq: number;
      name: string;
      trigger: 'entry' | 'step' | 'transition';
      event: string;
      state: string;
      step?: { route: string; index: number; positionIds: string[] };
    }[];
  };
  /** Fires a letter's deadline event when it is still due (delayed until the deadline). */
  'workflow.deadline': { deadlineId: string };
  /** Periodic: fires deadlines whose delayed job was lost while Redis or the workers were down. */
  'workflow.deadline-sweep': Record<string, never>;
  /** Periodic: marks dispositions past their own deadline and tells the recipient's superior and the sender (eskalasi). */
  'disposition.overdue-sweep': Record<string, never>;
  /**
   * POSTs webhook events to their modules' callbacks, up to WEBHOOK_EVENTS_PER_JOB of them,
   * side by side (retries and ordering: integrations/webhooks). Jobs queued before deliveries
   * were grouped carry one `eventId`.
   */
  'webhook.deliver': { eventIds: string[] } | { eventId: string };
  /** Periodic: removes stored bytes whose row never committed (a rolled-back or crashed upload) once their grace is over. */
  'storage.orphan-sweep': Record<string, never>;
  /** Periodic: signs the audit chain's head as a checkpoint and sends the checkpoints not sent yet. */
  'audit.checkpoint': Record<string, never>;
  /** Periodic: a fresh DSS and a new document timestamp for each signed PDF whose newest timestamp's TSA certificate nears its end (pki/ltv-renewal). */
  'pki.ltv-renewal': Record<string, never>;
  /** E-mails the signed letter to one external recipient of the dispatch list (SMTP_ENABLED; letters/dispatch). */
  /** `outboxId`: the event it came from, marked done at the last failure so that the redispatch leaves it (absent in jobs queued before it was added). */
  'dispatch.email': { dispatchItemId: string; outboxId?: string };
  /** Periodic (daily): recomputes each berkas's retention due dates and counts what is due (archive/retention). */
  'archive.retention-sweep': Record<string, never>;
  /** Rebuilds the search index rows of these letters (search/indexer): the `search.index` outbox events of one relay batch. */
  'search.index': { letterIds: string[] };
  /** Extracts the text of one stored file of a letter (a letter_text row): its text layer, or OCR into a PDF/A beside it (archive/ocr). */
  'ocr.extract': { letterTextId: string };
  /** Destroys the contents of the letters of a signed disposal list, letter by letter, resuming where a previous run stopped (archive/disposal). */
  'archive.disposal-execute': { disposalListId: string };
  /** Fans the notices of one statement out to their people's channels (notifications/notification-delivery): the `notification.deliver` outbox event. */
  'notification.deliver': { notificationIds: string[]; outboxId?: string };
  /** Sends one notice by e-mail or WhatsApp (a notification_delivery row); retried, then recorded as failed (the dead letter). */
  'notification.send': { deliveryId: string };
  /** Periodic: at NOTIFY_DIGEST_HOUR (WIB), one message per person and channel with what waited for the digest since the last; re-queues sends whose job was lost. */
  'notification.digest': Record<string, never>;
}

export type JobName = keyof JobPayloads;

/**
 * How many webhook events one delivery job carries at most. The relay groups the events of
 * one callback URL, so a slow module holds up only its own jobs. With the webhook queue's
 * concurrency this bounds the POSTs in flight per worker process.
 */
export const WEBHOOK_EVENTS_PER_JOB = 8;

/** Delivery jobs one worker process runs at once: mostly waiting on other servers, so many. */
export const WEBHOOK_JOB_CONCURRENCY = 64;

/** Which queue carries each job. */
export const JOB_QUEUES: { [K in JobName]: QueueName } = {
  'workflow.action': QueueName.Workflow,
  'workflow.deadline': QueueName.Workflow,
  'workflow.deadline-sweep': QueueName.Workflow,
  'disposition.overdue-sweep': QueueName.Workflow,
  'webhook.deliver': QueueName.Webhooks,
  'dispatch.email': QueueName.Workflow,
  'storage.orphan-sweep': QueueName.Workflow,
  'audit.checkpoint': QueueName.Workflow,
  'archive.retention-sweep': QueueName.Workflow,
  'search.index': QueueName.Workflow,
  'ocr.extract': QueueName.Ocr,
  'archive.disposal-execute': QueueName.Workflow,
  'pki.ltv-renewal': QueueName.Workflow,
  'notification.deliver': QueueName.Notifications,
  'notification.send': QueueName.Notifications,
  'notification.digest': QueueName.Notifications,
};

/** Tries of one `notification.send` job (exponential backoff); after the last, the delivery is recorded as failed. */
export const NOTIFICATION_SEND_ATTEMPTS = 3;

/** Notice jobs one worker process runs at once: they wait on a mail server or a gateway. */
export const NOTIFICATION_JOB_CONCURRENCY = 16;

type PeriodicJobName = { [K in JobName]: JobPayloads[K] extends Record<string, never> ? K : never }[JobName];

/**
 * The periodic jobs, set up where the workers run: at start, and again whenever Redis is
 * found without them (restarted empty, flushed), since a scheduler lives only in Redis.
 * Each is a sweep over the database, so a run missed while Redis was away loses nothing.
 */
export const JOB_SCHEDULES: readonly { id: string; name: PeriodicJobName; everyMs: number | ((config: AppConfig) => number) }[] = [
  { id: 'deadline-sweep', name: 'workflow.deadline-sweep', everyMs: 60_000 },
  { id: 'disposition-overdue-sweep', name: 'disposition.overdue-sweep', everyMs: 60_000 },
  { id: 'storage-orphan-sweep', name: 'storage.orphan-sweep', everyMs: 10 * 60_000 },
  { id: 'audit-checkpoint', name: 'audit.checkpoint', everyMs: (config) => config.AUDIT_CHECKPOINT_EVERY_MS },
  { id: 'archive-retention-sweep', name: 'archive.retention-sweep', everyMs: 24 * 60 * 60_000 },
  { id: 'ltv-renewal', name: 'pki.ltv-renewal', everyMs: (config) => config.LTV_RENEWAL_EVERY_MS },
  // Every quarter hour; the job itself sends only from NOTIFY_DIGEST_HOUR on and once per person and day.
  { id: 'notification-digest', name: 'notification.digest', everyMs: 15 * 60_000 },
];

/** BullMQ job ids may not contain ':'; ids built from database keys go through this. */
export const jobId = (...parts: string[]): string => parts.join('-').replace(/:/g, '.');
