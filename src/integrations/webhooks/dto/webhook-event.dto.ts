import { IsString, MaxLength } from 'class-validator';
import type { WebhookEventStatus } from './webhook-events.query';

/** `POST /api/v1/webhooks/test`: where to send a signed `ping`. */
export class TestWebhookDto {
  /** One of the callback URLs registered for the module. */
  @IsString()
  @MaxLength(2000)
  callbackUrl: string;
}

/** One POST of an event to its callback URL. */
export class WebhookAttemptDto {
  /** 1 for the first attempt; a re-send starts again at 1. */
  attempt: number;
  /** When the POST started (ISO 8601, UTC). */
  at: string;
  url: string;
  /** The HTTP status answered; 0 when there was no answer (refused, timed out, unreachable). */
  statusCode: number;
  durationMs: number;
  /** Why it failed (`HTTP 500`, `no answer within 10000 ms`...); null when it was delivered. */
  error: string | null;
}

/** A webhook event of the module, with every delivery attempt. */
export class WebhookEventDto {
  /** Also the `webhook-id` header of every delivery of it (retries and re-sends included). */
  id: string;
  /** `approval.<state>` or `ping`. */
  type: string;
  /** Null for a `ping`. */
  approvalId: string | null;
  callbackUrl: string;
  createdAt: string;
  status: WebhookEventStatus;
  deliveredAt: string | null;
  /** When the next attempt is due, while pending or failed. */
  nextAttemptAt: string | null;
  attempts: WebhookAttemptDto[];
}

export class WebhookEventPageDto {
  items: WebhookEventDto[];
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: string | null;
}

/** A delivery queued (202). */
export class WebhookQueuedDto {
  /** The event's id, sent as `webhook-id`. */
  id: string;
  status: 'pending';
}
