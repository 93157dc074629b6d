import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { duplicateRedis, RedisClient } from '../../queue/redis';
import { DataSource } from 'typeorm';
import { describeError } from '../../common/logging/safe-error';
import { AppConfig } from '../../config/app-config';
import { InjectRedis } from '../../queue/redis-client.provider';
import { JobQueue, QueuedJob } from '../../queue/job-queue.service';
import { jobId, JobPayloads, WEBHOOK_EVENTS_PER_JOB } from '../../queue/jobs';
import { RedisWatch } from '../../queue/redis-watch.service';
import { OutboxService, outboxWakeChannel } from './outbox.service';

interface OutboxRow {
  id: string;
  letter_id: string | null;
  type: string;
  payload: Record<string, any>;
}

const BATCH = 200;
/** The outbox event types that become jobs here (toJobs); every other type stays pending. */
const RELAYED_TYPES = ['workflow.action', 'webhook.deliver', 'deadline.scheduled', 'letter.transitioned', 'dispatch.email', 'ocr.extract', 'search.index', 'archive.disposal-execute', 'notification.deliver'];
/**
 * How often, and after how long, action jobs that never completed are handed to the queue
 * again: for a job lost some other way than with Redis's data (RedisWatch tells that at once).
 */
const REDISPATCH_EVERY_MS = 60_000;
const REDISPATCH_AFTER_SECONDS = 300;
/** How long a woken relay waits for more commits before it reads the outbox. */
const GATHER_MS = 5;

/**
 * Hands committed outbox events to BullMQ. Each event becomes a job whose id is derived
 * from the event id, so relaying the same event twice (a crash between enqueue and marking)
 * adds nothing. Woken at once by a commit in this process, by a Redis message for commits of
 * API processes without a relay, and by a short poll (one indexed query on pending events)
 * for anything a lost message missed.
 */
@Injectable()
export class OutboxRelay implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer?: NodeJS.Timeout;
  private redispatchTimer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private stopped = false;
  private subscriber?: RedisClient;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxService,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly redisWatch: RedisWatch,
  ) {}

  onModuleInit(): void {
    // Every job queued before Redis lost its data is gone with it: all of them, at once.
    this.redisWatch.onReset(() => this.redispatchLost(0));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.outbox.localRelay = true;
    this.outbox.wakeups.on('kick', () => this.wake());
    // Commits of API processes without a relay announce themselves on a Redis channel.
    this.subscriber = duplicateRedis(this.redis, { enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.subscriber.on('message', () => this.wake());
    this.subscriber.on('error', () => undefined);
    this.subscriber.subscribe(outboxWakeChannel(this.config)).catch((err: Error) => this.logger.warn(`Outbox wake-ups off until Redis returns: ${err.message}`));
    this.timer = setInterval(() => this.wake(), this.config.OUTBOX_POLL_MS);
    this.timer.unref();
    this.redispatchTimer = setInterval(() => void this.redispatchLost().catch((err) => this.logger.warn(`Redispatch failed: ${describeError(err)}`)), REDISPATCH_EVERY_MS);
    this.redispatchTimer.unref();
    this.wake();
  }

  /** Before the database closes (onApplicationShutdown), so a relay in progress finishes rather than fails. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.subscriber?.disconnect();
    clearInterval(this.timer);
    clearInterval(this.redispatchTimer);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  /** Relays now, or right after the relay in progress. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    // A moment to gather: under load, one relay transaction then carries the events of many commits.
    void new Promise((r) => setTimeout(r, GATHER_MS))
      .then(() => this.drain())
      .catch((err) => this.logger.warn(`Outbox relay paused: ${describeError(err)}`))
      .finally(() => {
        this.running = false;
        if (this.again && !this.stopped) {
          this.again = false;
          this.wake();
        }
      });
  }

  /**
   * A Redis that restarted empty (or lost its data) has lost the queued action and e-mail
   * jobs. Their outbox events, relayed more than `afterSeconds` ago, are relayed again: the job id is the
   * same, so a job still in the queue is not added twice, and the completion mark keeps a
   * finished action from running twice.
   */
  async redispatchLost(afterSeconds = REDISPATCH_AFTER_SECONDS): Promise<number> {
    const [, count] = await this.db.query(
      `UPDATE outbox_event e SET dispatched_at = NULL
        WHERE e.type = 'workflow.action' AND e.dispatched_at <= now() - make_interval(secs => $1) AND e.created_at > now() - interval '1 day'
          AND NOT EXISTS (SELECT 1 FROM workflow_action_done d WHERE d.outbox_id = e.id)`,
      [afterSeconds],
    );
    // E-mails of the dispatch list whose job never finished: the item is still pending and no
    // final failure was marked (DispatchEmailService marks it, so a refused address is not
    // retried every few minutes). The same job id again, so a job still queued is not doubled,
    // and the job itself skips an item sent meanwhile.
    const [, emails] = await this.db.query(
      `UPDATE outbox_event e SET dispatched_at = NULL
        WHERE e.type = 'dispatch.email' AND e.dispatched_at <= now() - make_interval(secs => $1) AND e.created_at > now() - interval '1 day'
          AND NOT EXISTS (SELECT 1 FROM workflow_action_done d WHERE d.outbox_id = e.id)
          AND EXISTS (SELECT 1 FROM dispatch_item i WHERE i.id::text = e.payload ->> 'dispatchItemId' AND i.status = 'pending' AND i.channel = 'email')`,
      [afterSeconds],
    );
    // OCR jobs of files still waiting or running, not touched since: the same job id again, so a
    // job still queued or running is not doubled; a finished row (done, failed) is left alone.
    const [, ocr] = await this.db.query(
      `UPDATE outbox_event e SET dispatched_at = NULL
        WHERE e.type = 'ocr.extract' AND e.dispatched_at <= now() - make_interval(secs => $1) AND e.created_at > now() - interval '1 day'
          AND EXISTS (SELECT 1 FROM letter_text t WHERE t.id::text = e.payload ->> 'letterTextId' AND t.status IN ('waiting', 'running')
                        AND t.updated_at <= now() - make_interval(secs => $1))`,
      [afterSeconds],
    );
    // Notice fan-outs that never finished (NotificationDeliveryService marks each done): the same job id again.
    const [, notices] = await this.db.query(
      `UPDATE outbox_event e SET dispatched_at = NULL
        WHERE e.type = 'notification.deliver' AND e.dispatched_at <= now() - make_interval(secs => $1) AND e.created_at > now() - interval '1 day'
          AND NOT EXISTS (SELECT 1 FROM workflow_action_done d WHERE d.outbox_id = e.id)`,
      [afterSeconds],
    );
    if (count + emails + ocr + notices > 0) this.wake();
    // Relayed events are kept a week for audit and redispatch, then pruned with their marks.
    await this.db.query(
      `WITH old AS (DELETE FROM outbox_event WHERE dispatched_at < now() - interval '7 days' RETURNING id)
       DELETE FROM workflow_action_done d USING old WHERE d.outbox_id = old.id`,
    );
    return count + emails + ocr + notices;
  }

  /** Relays until no pending event is left; returns how many were relayed. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n < BATCH || this.stopped) return total;
    }
  }

  private async relayBatch(): Promise<number> {
    return this.db.transaction(async (tx) => {
      // Only the types this relay knows: an event of a type whose job is not installed yet
      // (a newer version's, or one another module adds) waits pending, never blocks the rest.
      const rows: OutboxRow[] = await tx.query(
        `SELECT id, letter_id, type, payload FROM outbox_event WHERE dispatched_at IS NULL AND type = ANY($1::text[]) ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        [RELAYED_TYPES],
      );
      if (rows.length === 0) return 0;
      // One round trip per queue, in order, so the events of one letter reach the queue in the order they happened.
      await this.jobs.addBulk(this.toJobs(rows));
      await tx.query(`UPDATE outbox_event SET dispatched_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /**
   * The jobs for a batch of events, in event order. The actions of one transition become one
   * job (named after its first event), so a transition that notifies and renders costs one
   * job and one transaction in the workers, not two.
   */
  private toJobs(rows: OutboxRow[]): QueuedJob[] {
    const jobs: QueuedJob[] = [];
    const transitions = new Map<string, JobPayloads['workflow.action']>();
    const deliveries = new Map<string, { eventIds: string[]; job: QueuedJob }>();
    let search: { letterIds: Set<string>; job: QueuedJob } | undefined;
    for (const row of rows) {
      if (row.type === 'search.index') {
        // The index rebuilds whole rows: the events of one batch become one job with each letter once.
        const letterId = String(row.payload.letterId ?? row.letter_id);
        if (!search) {
          search = { letterIds: new Set(), job: { name: 'search.index', payload: { letterIds: [] }, options: { jobId: jobId('search', row.id) } } };
          jobs.push(search.job);
        }
        search.letterIds.add(letterId);
        (search.job.payload as JobPayloads['search.index']).letterIds = [...search.letterIds];
        continue;
      }
      if (row.type === 'webhook.deliver') {
        const job = this.addDelivery(deliveries, row);
        if (job) jobs.push(job);
        continue;
      }
      if (row.type !== 'workflow.action') {
        jobs.push(...this.toOtherJobs(row));
        continue;
      }
      const action = { ...row.payload, outboxId: row.id } as JobPayloads['workflow.action']['actions'][number];
      const key = `${action.letterId}/${action.seq}`;
      const group = transitions.get(key);
      if (group) {
        group.actions.push(action);
        continue;
      }
      const payload = { letterId: action.letterId, seq: action.seq, actions: [action] };
      transitions.set(key, payload);
      jobs.push({ name: 'workflow.action', payload, options: { jobId: jobId('outbox', row.id) } });
    }
    return jobs;
  }

  /**
   * Puts a webhook event (written with its webhook_event row) into the delivery job of its
   * callback URL, up to WEBHOOK_EVENTS_PER_JOB events; returns the job when it is a new one.
   * Ordering per approval is the delivery's own business (the claim).
   */
  private addDelivery(deliveries: Map<string, { eventIds: string[]; job: QueuedJob }>, row: OutboxRow): QueuedJob | undefined {
    const eventId = String(row.payload.eventId);
    const callback = String(row.payload.callback ?? '');
    const group = deliveries.get(callback);
    if (group && group.eventIds.length < WEBHOOK_EVENTS_PER_JOB) {
      group.eventIds.push(eventId);
      group.job.options.jobId = jobId('webhook', group.eventIds[0], 'to', eventId, String(group.eventIds.length));
      return undefined;
    }
    const eventIds = [eventId];
    const job: QueuedJob = { name: 'webhook.deliver', payload: { eventIds }, options: { jobId: jobId('webhook', eventId) } };
    deliveries.set(callback, { eventIds, job });
    return job;
  }

  private toOtherJobs(row: OutboxRow): QueuedJob[] {
    const p = row.payload;
    switch (row.type) {
      case 'deadline.scheduled': {
        const delay = Math.max(0, new Date(p.dueAt).getTime() - Date.now());
        return [{ name: 'workflow.deadline', payload: { deadlineId: p.deadlineId }, options: { jobId: jobId('deadline', p.deadlineId), delay } }];
      }
      case 'letter.transitioned':
        // The record of a state change, now written already dispatched (RECORD_ONLY_EVENTS); older rows may still come here.
        return [];
      case 'dispatch.email':
        // Written by the dispatch action per e-mail item when SMTP_ENABLED; a transient SMTP failure is retried.
        return [{ name: 'dispatch.email', payload: { dispatchItemId: p.dispatchItemId, outboxId: row.id }, options: { jobId: jobId('dispatch-email', p.dispatchItemId) } }];
      case 'ocr.extract':
        // Queued with its letter_text row; a failure of the file itself ends the job at once (archive/ocr).
        return [{ name: 'ocr.extract', payload: { letterTextId: p.letterTextId }, options: { jobId: jobId('ocr', p.letterTextId) } }];
      case 'notification.deliver':
        // Written by the notification table's statement trigger; the job fans out to each person's channels.
        return [{ name: 'notification.deliver', payload: { notificationIds: (p.notificationIds as unknown[]).map(String), outboxId: row.id }, options: { jobId: jobId('notify', String(row.id)) } }];
      case 'archive.disposal-execute':
        // Written by the destroyContents action (and a resumed execution); the job resumes where a previous run stopped.
        return [{ name: 'archive.disposal-execute', payload: { disposalListId: p.disposalListId }, options: { jobId: jobId('disposal-execute', String(row.id)) } }];
      default:
        throw new Error(`Outbox event ${row.id} has unknown type ${row.type}`);
    }
  }
}
