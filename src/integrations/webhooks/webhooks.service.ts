import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { preparedQuery } from '../../database/prepared-query';
import { JobHandler } from '../../queue/job-handler.decorator';
import { JobQueue } from '../../queue/job-queue.service';
import { jobId, JobPayloads } from '../../queue/jobs';
import { ActionRequest } from '../../workflow/actions/action-context';
import { WorkflowActionHandler } from '../../workflow/actions/workflow-action.decorator';
import { OutboxService } from '../../workflow/outbox/outbox.service';
import { webhookRetryDelayMs } from './webhook-backoff';
import { approvalWebhook, WebhookPayload } from './webhook-payload';
import { openWebhookSecret } from './webhook-secret.box';
import { WebhookSender } from './webhook-sender';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature';

export enum WebhookStatus {
  Pending = 'pending',
  Delivered = 'delivered',
  Dead = 'dead',
}

interface ClaimedEvent {
  id: string;
  module_id: string;
  letter_id: string;
  type: string;
  payload: WebhookPayload;
  callback_url: string;
  attempts: number;
}

const SECRET_CACHE_MS = 10_000;

/**
 * Webhooks to modules. Every state change of an approval (the workflow's `emitWebhook` on
 * entry of each state) writes one webhook_event row and an outbox event in the transition's
 * own statement; the relay turns it into a `webhook.deliver` job after commit.
 *
 * Delivery is at least once and in order per approval:
 * - a delivery first *claims* its event with one UPDATE: only a pending, due event whose
 *   earlier events (same approval) are all delivered or dead; the claim pushes
 *   next_attempt_at a lease ahead, so no second worker sends it meanwhile;
 * - when an event is settled (delivered or dead) the next pending event of the approval is
 *   queued; a failure queues its own retry with exponential backoff and jitter; after
 *   WEBHOOK_MAX_ATTEMPTS the event is dead (dead-letter list, re-sent by an admin);
 * - a sweep re-queues pending events whose job was lost (Redis restarted empty, a worker
 *   killed mid-delivery: its lease runs out). Receivers deduplicate by X-Esurat-Event-Id.
 */
@Injectable()
export class WebhooksService implements OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly sender: WebhookSender;
  private readonly secrets = new Map<string, { secret: string | null; active: boolean; at: number }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly outbox: OutboxService,
  ) {
    this.sender = new WebhookSender(config.WEBHOOK_TIMEOUT_MS, config.WEBHOOK_ALLOW_PRIVATE_CALLBACKS);
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
              h.event, h.from_state, h.to_state, h.actor_label, h.note, h.at
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
        comment: row.note ?? null,
      },
      { reference: row.reference, hasPdf: Boolean(row.pdf_object_id) },
    );
    const inserted = await tx.query(
      `INSERT INTO webhook_event (id, module_id, letter_id, sequence, type, payload, callback_url)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (letter_id, sequence) DO NOTHING RETURNING id`,
      [payload.id, row.module_id, request.letterId, request.seq, payload.type, payload, row.callback_url],
    );
    if (inserted.length > 0) await this.outbox.add(tx, request.letterId, 'webhook.deliver', { eventId: payload.id });
  }

  /** One delivery attempt of one event (see the class comment for the claim and ordering rules). */
  @JobHandler('webhook.deliver')
  async deliver(job: JobPayloads['webhook.deliver']): Promise<void> {
    // Longer than a delivery can take (its timeout), plus time to record the outcome.
    const leaseMs = this.config.WEBHOOK_TIMEOUT_MS + 2_000;
    const [event] = await preparedQuery<ClaimedEvent>(
      this.db.manager,
      `UPDATE webhook_event e SET attempts = e.attempts + 1, next_attempt_at = now() + $2::float8 * interval '1 millisecond'
        WHERE e.id = $1 AND e.status = 'pending' AND e.next_attempt_at <= now() + interval '1 second'
          AND NOT EXISTS (SELECT 1 FROM webhook_event p WHERE p.letter_id = e.letter_id AND p.status = 'pending' AND p.sequence < e.sequence)
        RETURNING e.id, e.module_id, e.letter_id, e.type, e.payload, e.callback_url, e.attempts`,
      [job.eventId, leaseMs],
    );
    // Settled already, sent by another worker now, not due, or waiting for an earlier event: nothing to do here.
    if (!event) return;

    const started = new Date();
    const module = await this.moduleSecret(event.module_id);
    let result: { statusCode?: number; latencyMs: number; error?: string };
    if (!module.active || !module.secret) {
      result = { latencyMs: 0, error: module.active ? 'the module has no webhook secret' : 'the module is inactive' };
    } else {
      const body = JSON.stringify(event.payload);
      const timestamp = Math.floor(Date.now() / 1000);
      result = await this.sender.send(event.callback_url, body, {
        [SIGNATURE_HEADER]: signWebhook(module.secret, timestamp, body),
        [TIMESTAMP_HEADER]: String(timestamp),
        [EVENT_ID_HEADER]: event.id,
        [EVENT_TYPE_HEADER]: event.type,
      });
    }
    const ok = result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300;
    const error = ok ? null : (result.error ?? `HTTP ${result.statusCode}`).slice(0, 500);
    const dead = !ok && event.attempts >= this.config.WEBHOOK_MAX_ATTEMPTS;
    const retryInMs = ok || dead ? 0 : webhookRetryDelayMs(event.attempts, this.config.WEBHOOK_BACKOFF_BASE_MS, this.config.WEBHOOK_BACKOFF_MAX_MS);
    const status = ok ? WebhookStatus.Delivered : dead ? WebhookStatus.Dead : WebhookStatus.Pending;

    // The attempt, the event's new status and the approval's next pending event, in one round trip.
    // (The outer SELECT sees the table as it was before the UPDATE: this event is left out by id.)
    const [{ next_id: nextId }] = await preparedQuery<{ next_id: string | null }>(
      this.db.manager,
      `WITH attempt AS (
         INSERT INTO webhook_attempt (event_id, attempt, started_at, status, status_code, latency_ms, error) VALUES ($1, $2, $3, $4, $5, $6, $7::varchar)
       ),
       settled AS (
         UPDATE webhook_event SET status = $8::varchar, last_error = $7,
                delivered_at = CASE WHEN $8::varchar = 'delivered' THEN now() END,
                dead_at = CASE WHEN $8::varchar = 'dead' THEN now() END,
                next_attempt_at = CASE WHEN $8::varchar = 'pending' THEN now() + $9::float8 * interval '1 millisecond' ELSE next_attempt_at END
          WHERE id = $1
       )
       SELECT (SELECT n.id FROM webhook_event n WHERE n.letter_id = $10 AND n.status = 'pending' AND n.id <> $1 ORDER BY n.sequence LIMIT 1) AS next_id`,
      [event.id, event.attempts, started, ok ? 'ok' : 'failed', result.statusCode ?? null, result.latencyMs, error, status, retryInMs, event.letter_id],
    );
    if (status === WebhookStatus.Pending) {
      await this.jobs.add('webhook.deliver', { eventId: event.id }, { jobId: jobId('webhook', event.id, 'attempt', String(event.attempts + 1)), delay: retryInMs });
      return;
    }
    if (dead) this.logger.warn(`Webhook ${event.id} (${event.type}) is dead after ${event.attempts} attempts: ${error}`);
    if (nextId) await this.jobs.add('webhook.deliver', { eventId: nextId }, { jobId: jobId('webhook', nextId, 'after', event.id) });
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
    for (const row of rows) await this.jobs.add('webhook.deliver', { eventId: row.id }, { jobId: jobId('webhook', row.id, 'sweep', bucket) });
    return rows.length;
  }

  /** Puts a dead event back to pending with fresh attempts and queues it. */
  async resend(eventId: string): Promise<boolean> {
    const [rows]: [{ id: string }[], number] = await this.db.query(
      `UPDATE webhook_event SET status = 'pending', attempts = 0, dead_at = NULL, next_attempt_at = now() WHERE id = $1 AND status = 'dead' RETURNING id`,
      [eventId],
    );
    if (rows.length === 0) return false;
    // When Redis is down the sweep sends it later.
    await this.jobs
      .add('webhook.deliver', { eventId }, { jobId: jobId('webhook', eventId, 'resend', String(Date.now())) })
      .catch((err: Error) => this.logger.warn(`Re-sent webhook ${eventId} left to the sweep: ${err.message}`));
    return true;
  }

  private async moduleSecret(moduleId: string): Promise<{ secret: string | null; active: boolean }> {
    const cached = this.secrets.get(moduleId);
    if (cached && Date.now() - cached.at < SECRET_CACHE_MS) return cached;
    const [row] = await this.db.query('SELECT active, webhook_secret_encrypted FROM module_client WHERE id = $1', [moduleId]);
    const entry = {
      active: Boolean(row?.active),
      secret: row?.webhook_secret_encrypted ? openWebhookSecret(this.config.WEBHOOK_SECRET_ENCRYPTION_KEY, row.webhook_secret_encrypted) : null,
      at: Date.now(),
    };
    this.secrets.set(moduleId, entry);
    return entry;
  }
}
