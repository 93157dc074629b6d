import { randomUUID } from 'node:crypto';

/** What a module receives: `{ id, type, occurredAt, data }` (API.md); `WebhookEvent` in clients/ts is the module's side of it. */
export interface WebhookPayload {
  id: string;
  type: string;
  occurredAt: string;
  data: {
    approvalId: string;
    reference: string;
    workflow: string;
    state: string;
    previousState: string | null;
    event: string;
    /** Per approval, increasing: events of one approval are delivered in this order. */
    sequence: number;
    actor: string | null;
    comment: string | null;
    links: { approval: string; document: string | null };
  };
}

/** A state change of an approval, as its history row records it. */
export interface ApprovalChange {
  approvalId: string;
  workflow: string;
  seq: number;
  event: string;
  from: string | null;
  to: string;
  /** ISO-8601 */
  at: string;
  actor: string | null;
  comment: string | null;
}

/** The approval's fields the payload names, from its approval_request row. */
export interface ApprovalRequestFields {
  reference: string;
  hasPdf: boolean;
}

/** The approval's URL in the API, from which a module fetches it (and `/document`, its PDF). */
export const approvalUrl = (publicUrl: string, approvalId: string) => `${publicUrl.replace(/\/$/, '')}/api/v1/approvals/${approvalId}`;

/**
 * The webhook of one state change, with a new event id. `request` is null when the caller
 * has not read the approval_request row: reference and links.document are then left for SQL
 * to fill from it (LetterWorkflowService writes the event in the transition's own statement).
 */
export function approvalWebhook(publicUrl: string, change: ApprovalChange, request: ApprovalRequestFields | null): WebhookPayload {
  const approval = approvalUrl(publicUrl, change.approvalId);
  return {
    id: randomUUID(),
    type: `approval.${change.to}`,
    occurredAt: new Date(change.at).toISOString(),
    data: {
      approvalId: change.approvalId,
      reference: request?.reference ?? '',
      workflow: change.workflow,
      state: change.to,
      previousState: change.from,
      event: change.event,
      sequence: change.seq,
      actor: change.actor,
      comment: change.comment,
      links: { approval, document: request?.hasPdf ? `${approval}/document` : null },
    },
  };
}
