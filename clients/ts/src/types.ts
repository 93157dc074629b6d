/** Request and response shapes of the approval API (see /api/docs-json on the server). */

export type StepMode = 'all' | 'any' | 'n_of_m';

export interface ApproverStep {
  positionIds: string[];
  /** `all` (default), `any`, or `n_of_m` with `n`: a parallel group. Steps run in order. */
  mode?: StepMode;
  n?: number;
}

export interface CreateApprovalRequest {
  /** Your own reference (e.g. the permit application number). */
  reference: string;
  title: string;
  description?: string;
  /** `approval-basic` by default; any workflow marked usable by modules. */
  workflow?: string;
  approvers: ApproverStep[];
  /** With a PDF: who signs, in order. Default: the single approver of the last step. */
  signerPositionIds?: string[];
  /** Sent as multipart when given (no base64 inflation, no JSON body limit). */
  pdf?: Uint8Array;
  pdfFileName?: string;
  metadata?: Record<string, unknown>;
  /** One of the callback URLs registered for your module. */
  callbackUrl?: string;
}

export interface ApprovalDecision {
  sequence: number;
  event: string;
  from: string | null;
  to: string;
  actor: string;
  comment: string | null;
  at: string;
}

export type ApprovalState = 'pending' | 'awaiting_signature' | 'approved' | 'rejected' | 'cancelled' | (string & {});

export interface Approval {
  id: string;
  reference: string;
  title: string;
  description: string | null;
  workflow: string;
  state: ApprovalState;
  stateLabel: string;
  done: boolean;
  metadata: Record<string, unknown>;
  callbackUrl: string | null;
  routes: unknown;
  decisions: ApprovalDecision[];
  document: { url: string; signed: boolean; sha256: string; size: number } | null;
  createdAt: string;
  updatedAt: string;
}

export interface ApprovalSummary {
  id: string;
  reference: string;
  title: string;
  state: ApprovalState;
  done: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

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

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/** One POST of a webhook event. */
export interface WebhookAttempt {
  attempt: number;
  at: string;
  url: string;
  /** 0 when there was no answer. */
  statusCode: number;
  durationMs: number;
  error: string | null;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'dead';

/** A webhook event of the module with its attempts (GET /api/v1/webhooks/events). */
export interface WebhookDelivery {
  id: string;
  type: string;
  approvalId: string | null;
  callbackUrl: string;
  createdAt: string;
  status: WebhookDeliveryStatus;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  attempts: WebhookAttempt[];
}

export interface WebhookDeliveryPage {
  items: WebhookDelivery[];
  /** Pass as `after` for the next page; null on the last. */
  nextAfter: string | null;
}
