import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

/** How an event stands: `failed` is pending after a failed attempt (a retry is due). */
export const WEBHOOK_EVENT_STATUSES = ['pending', 'delivered', 'failed', 'dead'] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

/** `GET /api/v1/webhooks/events`: the calling module's own events, oldest first. */
export class WebhookEventsQuery {
  /** Only the events of this approval. */
  @IsOptional()
  @IsUUID()
  approvalId?: string;

  /** Only events of this type, e.g. `approval.approved` or `ping`. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z][a-z_.]*$/)
  type?: string;

  @IsOptional()
  @IsIn(WEBHOOK_EVENT_STATUSES)
  status?: WebhookEventStatus;

  /** An event id: only the events after it (pass the last id of a page to get the next). */
  @IsOptional()
  @IsUUID()
  after?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;
}
