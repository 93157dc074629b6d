import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { describeError } from '../../common/logging/safe-error';
import { AppConfig } from '../../config/app-config';
import { preparedQuery } from '../../database/prepared-query';
import { JobHandler } from '../../queue/job-handler.decorator';
import { JobQueue, QueuedJob } from '../../queue/job-queue.service';
import { jobId, JobPayloads, WEBHOOK_EVENTS_PER_JOB, WEBHOOK_JOB_CONCURRENCY } from '../../queue/jobs';
import { ActionRequest } from '../../workflow/actions/action-context';
import { WorkflowActionHandler } from '../../workflow/actions/workflow-action.decorator';
import { OutboxService } from '../../workflow/outbox/outbox.service';
import { webhookRetryDelayMs } from './webhook-backoff';
import { approvalWebhook, WebhookPayload } from '../webhook-payload';
import { openWebhookSecret } from '../../common/crypto/webhook-secret.box';
import { SendResult, WebhookSender } from './webhook-sender';
import { IntegrationError, IntegrationErrorCode } from '../integrations.errors';
import { checkModuleCallback } from './callback-policy';
import { WebhookEventDto, WebhookEventPageDto, WebhookQueuedDto } from './dto/webhook-event.dto';
import { WebhookEventsQuery } from './dto/webhook-events.query';
import {
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  STANDARD_ID_HEADER,
  STANDARD_SIGNATURE_HEADER,
  STANDARD_TIMESTAMP_HEADER,
  standardSignatureHeader,
  TIMESTAMP_HEADER,
} from './webhook-signature';

export enum WebhookStatus {
  Pending = 'pending',
  Delivered = 'delivered',
  Dead = 'dead',
}

/** What one attempt at one event came to. */
interface Outcome {
  event: ClaimedEvent;
  started: Date;
  result: SendResult;
  error: string | null;
  status: WebhookStatus;
  retryInMs: number;
}

interface ClaimedEvent {
  id: string;
  module_id: string;
  /** Null for a test delivery (`ping`). */
  letter_id: string | null;
  type: string;
  payload: WebhookPayload;
  callback_url: string;
  attempts: number;
}

const SECRET_CACHE_MS = 10_000;

/** A module's signing secrets, opened. */
interface ModuleSecrets {
  active: boolean;
  current: string | null;
  /** The secret before the last rotation, while its overlap lasts. */
  previous: string | null;
  previousUntil: number | null;
  /** The key of the deprecated X-Esurat-Signature: the pre-Standard-Webhooks text of the secret, else the current one. */
  legacy: string | null;
  at: number;
}

/** How the API shows an event's status: `failed` is pending after a failed attempt. */
const STATUS_SQL = `CASE WHEN e.status = 'pending' AND e.last_error IS NOT NULL THEN 'failed' ELSE e.status END`;
const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Webhooks to modules. Every state change of an approval (the workflow's `emitWebhook` on
 * entry of each state) writes one webhook_event row and an outbox event in the transition's
 * own statement; after commit the relay hands it to a `webhook.deliver` job, which carries
 * up to WEBHOOK_EVENTS_PER_JOB events of one callback URL (one claim, one record statement
 * per batch of outcomes, one job: a backlog drains about twice as fast as one job per event).
 *
 * Delivery is at least once and in order per approval:
 * - a delivery first *claims* its events with one UPDATE: only pending, due events whose
 *   earlier events (same approval) are all delivered or dead; the claim pushes
 *   next_attempt_at a lease ahead, so no second worker sends them meanwhile;
 * - when an event is settled (delivered or dead) the next pending event of the approval is
 *   queued; a failure queues its own retry with exponential backoff and jitter; after
 *   WEBHOOK_MAX_ATTEMPTS the event is dead (dead-letter list, re-sent by an admin);
 * - a sweep re-queues pending events whose job was lost (Redis restarted empty, a worker
 *   killed mid-delivery: its lease runs out). Receivers deduplicate by webhook-id (the event id).
 *
 * Every POST is signed as Standard Webhooks sign (webhook-id, webhook-timestamp,
 * webhook-signature), with the previous secret too during a rotation's overlap; the
 * deprecated X-Esurat-* headers are still sent for one release.
 */
@Injectable()
export class WebhooksService implements OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly sender: WebhookSender;
  private readonly secrets = new Map<string, ModuleSecrets>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly outbox: OutboxService,
  ) {
    this.sender = new WebhookSender(config.WEBHOOK_TIMEOUT_MS, config.WEBHOOK_ALLOW_PRIVATE_CALLBACKS, WEBHOOK_JOB_CONCURRENCY * WEBHOOK_EVENTS_PER_JOB);
  }

  onApplicationShutdown(): void {
    this.sender.close();
  }

  /**
   * Records the webhook of a state change of an approval. Transitions now write their webhook
   * event in their own statement (LetterWorkflowService); this handler runs the emitWebhook
   * jobs an earlier version queued, once each (the runner's completion mark).
   */
  @WorkflowActionHandler('emitWebhook')
  async emitWebhook(request: ActionRequest, tx: EntityManager): Promise<void> {
    const [row] = await tx.query(
      `SELECT a.module_id, a.reference, a.callback_url, a.pdf_object_id, l.workflow_key,
              h.event, h.from_state, h.to_state, h.actor_label, h.comment, h.at
         FROM approval_request a JOIN letter l ON l.id = a.letter_id
         LEFT JOIN letter_history h ON h.letter_id = a.letter_id AND h.seq = $2
        WHERE a.letter_id = $1`,
      [request.letterId, request.seq],
    );
    // Not a module's approval, or a module that asked for no callback.
    if (!row?.callback_url) return;
    const payload = approvalWebhook(
      this.config.PUBLIC_URL,
      {
        approvalId: request.letterId,
        workflow: row.workflow_key,
        seq: request.seq,
        event: request.event,
        from: row.from_state ?? null,
        to: request.state,
        at: new Date(row.at ?? Date.now()).toISOString(),
        actor: row.actor_label ?? null,
        comment: row.comment ?? null,
      },
      { reference: row.reference, hasPdf: Boolean(row.pdf_object_id) },
    );
    const inserted = await tx.query(
      `INSERT INTO webhook_event (id, module_id, letter_id, sequence, type, payload, callback_url)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (letter_id, sequence) DO NOTHING RETURNING id`,
      [payload.id, row.module_id, request.letterId, request.seq, payload.type, payload, row.callback_url],
    );
    if (inserted.length > 0) await this.outbox.add(tx, request.letterId, 'webhook.deliver', { eventId: payload.id, callback: row.callback_url });
  }

  /**
   * One delivery attempt of each event of the job (see the class comment for the claim and
   * ordering rules). The events are POSTed side by side; each outcome is recorded as soon as
   * it is known, together with the outcomes that arrived meanwhile, so a slow callback never
   * holds back the record (and the next event) of a fast one.
   */
  @JobHandler('webhook.deliver')
  async deliver(job: JobPayloads['webhook.deliver']): Promise<void> {
    const claimed = await this.claim('eventIds' in job ? job.eventIds : [job.eventId]);
    if (claimed.length === 0) return;
    let waiting: Outcome[] = [];
    let recorded: Promise<void> = Promise.resolve();
    let failure: unknown;
    const record = (outcome: Outcome) => {
      waiting.push(outcome);
      // A record is already due to run and will take this outcome along.
      if (waiting.length > 1) return;
      recorded = recorded
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(() => {
          const outcomes = waiting;
          waiting = [];
          return this.settle(outcomes);
        })
        // The job fails once every attempt is over; an unrecorded attempt's lease runs out and the sweep sends it again.
        .catch((err: unknown) => void (failure ??= err));
    };
    // Every attempt ends (and is recorded) before the job does, even when one of them failed.
    const attempts = await Promise.allSettled(claimed.map(async (event) => record(await this.attempt(event))));
    await recorded;
    const refused = attempts.find((a): a is PromiseRejectedResult => a.status === 'rejected');
    if (failure || refused) throw failure ?? refused?.reason;
  }

  /**
   * Claims the given events that are pending, due and first in line of their approval: one
   * statement, rows locked in id order and skipped when another worker holds them. The claim
   * pushes next_attempt_at a lease ahead, so no other job sends them meanwhile.
   */
  private claim(eventIds: string[]): Promise<ClaimedEvent[]> {
    // Longer than a delivery can take (its timeout), plus time to record the outcome.
    const leaseMs = this.config.WEBHOOK_TIMEOUT_MS + 2_000;
    return preparedQuery<ClaimedEvent>(
      this.db.manager,
      `WITH due AS (
         SELECT e.id FROM webhook_event e
          WHERE e.id = ANY($1::uuid[]) AND e.status = 'pending' AND e.next_attempt_at <= now() + interval '1 second'
            AND NOT EXISTS (SELECT 1 FROM webhook_event p WHERE p.letter_id = e.letter_id AND p.status = 'pending' AND p.sequence < e.sequence)
          ORDER BY e.id FOR UPDATE OF e SKIP LOCKED)
       UPDATE webhook_event e SET attempts = e.attempts + 1, next_attempt_at = now() + $2::float8 * interval '1 millisecond'
         FROM due WHERE e.id = due.id
       RETURNING e.id, e.module_id, e.letter_id, e.type, e.payload, e.callback_url, e.attempts`,
      [eventIds, leaseMs],
    );
  }

  /** POSTs one claimed event, signed, and says what becomes of it. */
  private async attempt(event: ClaimedEvent): Promise<Outcome> {
    const started = new Date();
    const module = await this.moduleSecrets(event.module_id);
    let result: SendResult;
    if (!module.active || !module.current) {
      result = { latencyMs: 0, error: module.active ? 'the module has no webhook secret' : 'the module is inactive' };
    } else {
      const body = JSON.stringify(event.payload);
      const timestamp = Math.floor(Date.now() / 1000);
      const signing = module.previous && module.previousUntil! > Date.now() ? [module.current, module.previous] : [module.current];
      result = await this.sender.send(event.callback_url, body, {
        [STANDARD_ID_HEADER]: event.id,
        [STANDARD_TIMESTAMP_HEADER]: String(timestamp),
        [STANDARD_SIGNATURE_HEADER]: standardSignatureHeader(signing, event.id, timestamp, body),
        [SIGNATURE_HEADER]: signWebhook(module.legacy ?? module.current, timestamp, body),
        [TIMESTAMP_HEADER]: String(timestamp),
        [EVENT_ID_HEADER]: event.id,
        [EVENT_TYPE_HEADER]: event.type,
      });
    }
    const ok = result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300;
    const dead = !ok && event.attempts >= this.config.WEBHOOK_MAX_ATTEMPTS;
    return {
      event,
      started,
      result,
      error: ok ? null : (result.error ?? `HTTP ${result.statusCode}`).slice(0, 500),
      status: ok ? WebhookStatus.Delivered : dead ? WebhookStatus.Dead : WebhookStatus.Pending,
      retryInMs: ok || dead ? 0 : webhookRetryDelayMs(event.attempts, this.config.WEBHOOK_BACKOFF_BASE_MS, this.config.WEBHOOK_BACKOFF_MAX_MS),
    };
  }

  /**
   * Records attempts in one round trip: the attempt rows, the events' new status, and for each
   * settled event the next pending event of its approval; then queues the retries and the
   * next events. (The outer SELECT sees the table as it was before the UPDATE: these events
   * are left out by id.)
   */
  private async settle(outcomes: Outcome[]): Promise<void> {
    outcomes.sort((a, b) => (a.event.id < b.event.id ? -1 : 1));
    const column = <T>(pick: (o: Outcome) => T): T[] => outcomes.map(pick);
    const next = await preparedQuery<{ id: string; after: string }>(
      this.db.manager,
      `WITH r AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::varchar[], $5::int[], $6::int[], $7::varchar[], $8::varchar[], $9::float8[], $10::uuid[])
           AS r(id, attempt, started_at, outcome, status_code, latency_ms, error, status, retry_ms, letter_id)),
       attempt AS (
         INSERT INTO webhook_attempt (event_id, attempt, started_at, status, status_code, latency_ms, error)
         SELECT id, attempt, started_at, outcome, status_code, latency_ms, error FROM r),
       settled AS (
         UPDATE webhook_event e SET status = r.status, last_error = r.error,
                delivered_at = CASE WHEN r.status = 'delivered' THEN now() END,
                dead_at = CASE WHEN r.status = 'dead' THEN now() END,
                next_attempt_at = CASE WHEN r.status = 'pending' THEN now() + r.retry_ms * interval '1 millisecond' ELSE e.next_attempt_at END
           FROM r WHERE e.id = r.id)
       SELECT n.id, r.id AS after FROM r CROSS JOIN LATERAL (
         SELECT n.id FROM webhook_event n WHERE n.letter_id = r.letter_id AND n.status = 'pending' AND n.id <> ALL($1::uuid[]) ORDER BY n.sequence LIMIT 1) n
        WHERE r.status <> 'pending'`,
      [
        column((o) => o.event.id),
        column((o) => o.event.attempts),
        column((o) => o.started),
        column((o) => (o.status === WebhookStatus.Delivered ? 'ok' : 'failed')),
        column((o) => o.result.statusCode ?? null),
        column((o) => o.result.latencyMs),
        column((o) => o.error),
        column((o) => o.status),
        column((o) => o.retryInMs),
        column((o) => o.event.letter_id),
      ],
    );
    for (const o of outcomes) {
      if (o.status === WebhookStatus.Dead) this.logger.warn(`Webhook ${o.event.id} (${o.event.type}) is dead after ${o.event.attempts} attempts: ${o.error}`);
    }
    const jobs: QueuedJob[] = outcomes
      .filter((o) => o.status === WebhookStatus.Pending)
      .map((o) => ({ name: 'webhook.deliver', payload: { eventIds: [o.event.id] }, options: { jobId: jobId('webhook', o.event.id, 'attempt', String(o.event.attempts + 1)), delay: o.retryInMs } }));
    for (const n of next) jobs.push({ name: 'webhook.deliver', payload: { eventIds: [n.id] }, options: { jobId: jobId('webhook', n.id, 'after', n.after) } });
    if (jobs.length > 0) await this.jobs.addBulk(jobs);
  }

  /**
   * Re-queues pending events overdue by more than a sweep interval whose earlier events are
   * settled: their job was lost, or the worker sending them died and the lease ran out.
   */
  async sweep(): Promise<number> {
    const interval = this.config.WEBHOOK_SWEEP_INTERVAL_MS;
    const rows: { id: string }[] = await this.db.query(
      `SELECT e.id FROM webhook_event e
        WHERE e.status = 'pending' AND e.next_attempt_at < now() - $1::float8 * interval '1 millisecond'
          AND NOT EXISTS (SELECT 1 FROM webhook_event p WHERE p.letter_id = e.letter_id AND p.status = 'pending' AND p.sequence < e.sequence)
        ORDER BY e.next_attempt_at LIMIT 500`,
      [interval],
    );
    const bucket = String(Math.floor(Date.now() / interval));
    const jobs: QueuedJob[] = [];
    for (let i = 0; i < rows.length; i += WEBHOOK_EVENTS_PER_JOB) {
      const eventIds = rows.slice(i, i + WEBHOOK_EVENTS_PER_JOB).map((r) => r.id);
      jobs.push({ name: 'webhook.deliver', payload: { eventIds }, options: { jobId: jobId('webhook', eventIds[0], 'sweep', bucket) } });
    }
    if (jobs.length > 0) await this.jobs.addBulk(jobs);
    return rows.length;
  }

  /** Puts a dead event back to pending with fresh attempts and queues it. */
  async resend(eventId: string): Promise<boolean> {
    const [rows]: [{ id: string }[], number] = await this.db.query(
      `UPDATE webhook_event SET status = 'pending', attempts = 0, last_error = NULL, dead_at = NULL, next_attempt_at = now() WHERE id = $1 AND status = 'dead' RETURNING id`,
      [eventId],
    );
    if (rows.length === 0) return false;
    await this.queueNow(eventId, 'resend');
    return true;
  }

  /**
   * A module's events for the module itself: each with its delivery attempts, oldest first,
   * `after` an event id of its own. Another module's events are never listed.
   */
  async listForModule(moduleId: string, q: WebhookEventsQuery): Promise<WebhookEventPageDto> {
    if (q.after) await this.findForModule(moduleId, q.after);
    const items: WebhookEventDto[] = await this.db.query(
      `SELECT e.id, e.type, e.letter_id AS "approvalId", e.callback_url AS "callbackUrl", ${ISO('e.created_at')} AS "createdAt",
              ${STATUS_SQL} AS status, ${ISO('e.delivered_at')} AS "deliveredAt",
              CASE WHEN e.status = 'pending' THEN ${ISO('e.next_attempt_at')} END AS "nextAttemptAt",
              COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'at', ${ISO('a.started_at')}, 'url', e.callback_url,
                        'statusCode', COALESCE(a.status_code, 0), 'durationMs', a.latency_ms, 'error', a.error) ORDER BY a.id)
                          FROM webhook_attempt a WHERE a.event_id = e.id), '[]'::json) AS attempts
         FROM webhook_event e
        WHERE e.module_id = $1
          AND ($2::uuid IS NULL OR e.letter_id = $2)
          AND ($3::text IS NULL OR e.type = $3)
          AND ($4::text IS NULL OR ${STATUS_SQL} = $4)
          AND ($5::uuid IS NULL OR (e.created_at, e.id) > (SELECT c.created_at, c.id FROM webhook_event c WHERE c.id = $5))
        ORDER BY e.created_at, e.id LIMIT $6`,
      [moduleId, q.approvalId ?? null, q.type ?? null, q.status ?? null, q.after ?? null, q.limit + 1],
    );
    const more = items.length > q.limit;
    if (more) items.pop();
    return { items, nextAfter: more ? items[items.length - 1].id : null };
  }

  /**
   * The module's own event sent again, whatever its status, with the same id (webhook-id) and
   * a fresh set of attempts. A pending one is sent now rather than at its next retry.
   */
  async resendForModule(moduleId: string, eventId: string): Promise<WebhookQueuedDto> {
    const [rows]: [{ id: string }[], number] = await this.db.query(
      `UPDATE webhook_event SET status = 'pending', attempts = 0, last_error = NULL, dead_at = NULL, delivered_at = NULL, next_attempt_at = now()
        WHERE id = $1 AND module_id = $2 RETURNING id`,
      [eventId, moduleId],
    );
    if (rows.length === 0) throw this.notFound(eventId);
    await this.queueNow(eventId, 'resend');
    return { id: eventId, status: 'pending' };
  }

  /**
   * A signed `ping` to one of the module's registered callback URLs, delivered (and retried,
   * and listed) like any event, so a module can check its receiver before real events come.
   */
  async ping(moduleId: string, callbackUrl: string): Promise<WebhookQueuedDto> {
    await checkModuleCallback(this.db, moduleId, callbackUrl, this.config.WEBHOOK_ALLOW_PRIVATE_CALLBACKS);
    const id = randomUUID();
    const payload = { id, type: 'ping', occurredAt: new Date().toISOString(), data: { callbackUrl, message: 'Uji coba webhook dari e-Surat (test delivery)' } };
    await this.db.query(`INSERT INTO webhook_event (id, module_id, letter_id, sequence, type, payload, callback_url) VALUES ($1, $2, NULL, 0, 'ping', $3, $4)`, [
      id,
      moduleId,
      payload,
      callbackUrl,
    ]);
    await this.queueNow(id, 'ping');
    return { id, status: 'pending' };
  }

  private async findForModule(moduleId: string, eventId: string): Promise<void> {
    const [row] = await this.db.query('SELECT 1 FROM webhook_event WHERE id = $1 AND module_id = $2', [eventId, moduleId]);
    // Another module's event answers as a missing one.
    if (!row) throw this.notFound(eventId);
  }

  private notFound(eventId: string): IntegrationError {
    return new IntegrationError(IntegrationErrorCode.WEBHOOK_EVENT_NOT_FOUND, `Webhook event ${eventId} not found`, 404);
  }

  /** Queues one event now; when Redis is down the sweep sends it later. */
  private async queueNow(eventId: string, why: string): Promise<void> {
    await this.jobs
      .add('webhook.deliver', { eventIds: [eventId] }, { jobId: jobId('webhook', eventId, why, String(Date.now())) })
      .catch((err: Error) => this.logger.warn(`Webhook ${eventId} (${why}) left to the sweep: ${describeError(err)}`));
  }

  private async moduleSecrets(moduleId: string): Promise<ModuleSecrets> {
    const cached = this.secrets.get(moduleId);
    if (cached && Date.now() - cached.at < SECRET_CACHE_MS) return cached;
    const [row] = await this.db.query(
      `SELECT active, webhook_secret_encrypted AS current, webhook_secret_previous_encrypted AS previous,
              webhook_secret_previous_until AS previous_until, webhook_secret_legacy_encrypted AS legacy
         FROM module_client WHERE id = $1`,
      [moduleId],
    );
    const open = (sealed: string | null | undefined) => (sealed ? openWebhookSecret(this.config.WEBHOOK_SECRET_ENCRYPTION_KEY, sealed) : null);
    const entry: ModuleSecrets = {
      active: Boolean(row?.active),
      current: open(row?.current),
      previous: open(row?.previous),
      previousUntil: row?.previous_until ? new Date(row.previous_until).getTime() : null,
      legacy: open(row?.legacy),
      at: Date.now(),
    };
    this.secrets.set(moduleId, entry);
    return entry;
  }
}
