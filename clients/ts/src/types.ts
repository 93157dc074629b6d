/**
 * Request and response shapes of the approval API. Those the server's OpenAPI document describes
 * are taken from ./schema (generated from it by scripts/build-web.js; a test fails when it is out
 * of date), so the client cannot drift from the server. The webhook body is the module's side of
 * a request the server makes, which the document does not describe.
 */
import type { components, operations } from './schema';

type Schemas = components['schemas'];

export type ApproverStep = Schemas['ApproverStepDto'];

/** `all` (default), `any`, or `n_of_m` with `n`: a parallel group. Steps run in order. */
export type StepMode = NonNullable<ApproverStep['mode']>;

/** The JSON of POST /api/v1/approvals, with the PDF as bytes (sent as multipart) instead of base64. */
export type CreateApprovalRequest = Omit<Schemas['CreateApprovalDto'], 'pdfBase64'> & {
  /** Sent as multipart when given (no base64 inflation, no JSON body limit). */
  pdf?: Uint8Array;
};

export type ApprovalDecision = Schemas['ApprovalDecisionDto'];

export type ApprovalState = 'pending' | 'awaiting_signature' | 'approved' | 'rejected' | 'cancelled' | (string & {});

export type Approval = Schemas['ApprovalViewDto'] & { state: ApprovalState };

export type ApprovalSummary = Schemas['ApprovalSummaryDto'] & { state: ApprovalState };

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

/** The query of GET /api/v1/approvals. */
export type ListApprovalsQuery = NonNullable<operations['approvals_list']['parameters']['query']>;

/** The query of GET /api/v1/webhooks/events. */
export type WebhookEventsQuery = NonNullable<operations['webhooks_events']['parameters']['query']>;

/** The body of every webhook (a test delivery is `{ id, type: 'ping', occurredAt, data: { callbackUrl, message } }`). */
export interface WebhookEvent {
  /** Also in webhook-id: deduplicate on it (delivery is at least once; a re-send keeps it). */
  id: string;
  /** `approval.<state>`: approval.pending, approval.awaiting_signature, approval.approved, approval.rejected, approval.cancelled. */
  type: string;
  occurredAt: string;
  data: {
    approvalId: string;
    reference: string;
    workflow: string;
    state: ApprovalState;
    previousState: string | null;
    event: string;
    /** Increasing per approval; events of one approval arrive in this order. */
    sequence: number;
    actor: string | null;
    comment: string | null;
    links: { approval: string; document: string | null };
  };
}

/** The body of every error answer: `{ code, message, details }`. */
export type ApiErrorBody = Schemas['ErrorEnvelope'];

/** One POST of a webhook event. */
export type WebhookAttempt = Schemas['WebhookAttemptDto'];

/** A webhook event of the module with its attempts (GET /api/v1/webhooks/events). */
export type WebhookDelivery = Schemas['WebhookEventDto'];

export type WebhookDeliveryStatus = WebhookDelivery['status'];

export type WebhookDeliveryPage = Schemas['WebhookEventPageDto'];
