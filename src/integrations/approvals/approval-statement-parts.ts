import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { LetterKind } from '../../records/letter.entity';
import type { InTransitionWriteContext, WorkflowPlugin } from '../../workflow/plugins/workflow-plugin';
import { WorkflowPluginProvider } from '../../workflow/plugins/workflow-plugin';
import { part, sql, StatementPart } from '../../workflow/persistence/statement-parts';
import { CREATE_GATE, LETTER_ROW, LetterCreation, TransitionWrite } from '../../workflow/persistence/transition-statement';
import { approvalWebhook } from '../webhook-payload';

/** The part of a creating statement that inserts the approval_request row (read by the webhook part, which follows it). */
export const APPROVAL_REQUEST_PART = 'approval_request_row';
const KEY_PART = 'idempotency_claim';

const letterRow = sql.raw(LETTER_ROW);

export interface NewApprovalRows {
  request: { module_id: string; reference: string; title: string; description: string | null; metadata: unknown; callback_url: string | null; pdf_object_id: string | null };
  idempotency?: { module_id: string; key: string; request_hash: string; ttl_hours: number };
  /** The module's PDF, already stored: the letter's first document (kind final: it is what gets signed). */
  document?: { id: string; object_id: string; sha256: string; size: number };
}

/**
 * The rows integrations adds to the statement that creates an approval's letter: the
 * Idempotency-Key, claimed before the letter is inserted (a concurrent duplicate waits on it;
 * a key already used stops the insert, and the creating statement then reports it as the
 * creator's condition failing), the approval_request row and the module's PDF.
 */
export function approvalCreationParts(letterId: string, rows: NewApprovalRows): Pick<LetterCreation, 'before' | 'requires' | 'after'> {
  const before: StatementPart[] = [];
  if (rows.idempotency) {
    before.push(
      part(
        KEY_PART,
        sql`INSERT INTO idempotency_key (module_id, key, request_hash, approval_id, expires_at)
SELECT k.module_id, k.key, k.request_hash, ${letterId}::uuid, now() + k.ttl_hours * interval '1 hour'
  FROM ${sql.raw(CREATE_GATE)}, jsonb_to_record(${JSON.stringify(rows.idempotency)}::jsonb) AS k(module_id uuid, key varchar, request_hash varchar, ttl_hours float8)
 WHERE ${sql.raw(CREATE_GATE)}.ok
ON CONFLICT (module_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, approval_id = EXCLUDED.approval_id, created_at = now(), expires_at = EXCLUDED.expires_at
  WHERE idempotency_key.expires_at < now()
RETURNING key`,
      ),
    );
  }
  const after: StatementPart[] = [
    part(
      APPROVAL_REQUEST_PART,
      sql`INSERT INTO approval_request (letter_id, module_id, reference, title, description, metadata, callback_url, pdf_object_id)
SELECT ${letterRow}.id, r.module_id, r.reference, r.title, r.description, coalesce(r.metadata, '{}'), r.callback_url, r.pdf_object_id
  FROM ${letterRow}, jsonb_to_record(${JSON.stringify(rows.request)}::jsonb) AS r(module_id uuid, reference varchar, title varchar, description text, metadata jsonb, callback_url varchar, pdf_object_id uuid)
RETURNING letter_id, module_id, reference, callback_url, pdf_object_id`,
    ),
  ];
  if (rows.document) {
    // The letter row names this document as its current one: both are checked at the statement's end.
    after.push(
      part(
        'approval_document',
        sql`INSERT INTO letter_document (id, letter_id, kind, sequence, object_id, sha256, size)
SELECT ${rows.document.id}::uuid, ${letterRow}.id, 'final', 1, ${rows.document.object_id}::uuid, ${rows.document.sha256}, ${rows.document.size} FROM ${letterRow}`,
      ),
    );
  }
  return { before, requires: rows.idempotency ? [sql<boolean>`EXISTS (SELECT 1 FROM ${sql.raw(KEY_PART)})`] : [], after };
}

/**
 * The module's webhook of an approval's state change (the workflow's `emitWebhook`), written in
 * the transition's own statement with its outbox event, so it commits with the transition or
 * not at all. Its reference and PDF link are filled in from approval_request by the statement.
 */
@Injectable()
@WorkflowPluginProvider()
export class ApprovalWebhookWriter implements WorkflowPlugin {
  readonly name = 'approval-webhooks';

  constructor(private readonly config: AppConfig) {}

  writeInTransition(ctx: InTransitionWriteContext): TransitionWrite | undefined {
    if (ctx.letter.kind !== LetterKind.Approval || !ctx.actions.some((a) => a.name === 'emitWebhook')) return undefined;
    const { history } = ctx;
    const webhook = approvalWebhook(
      this.config.PUBLIC_URL,
      {
        approvalId: ctx.letter.id,
        workflow: ctx.snapshot.workflow.key,
        seq: history.seq,
        event: history.event,
        from: history.from,
        to: history.to,
        at: history.at,
        actor: ctx.actorLabel,
        comment: history.comment ?? null,
      },
      null,
    );
    const request = sql.raw(ctx.creating ? APPROVAL_REQUEST_PART : 'approval_request');
    const approvalLink = webhook.data.links.approval;
    return {
      parts: [
        part(
          'webhook',
          sql`INSERT INTO webhook_event (id, module_id, letter_id, sequence, type, payload, callback_url)
SELECT ${webhook.id}::uuid, r.module_id, ${letterRow}.id, ${history.seq}, ${webhook.type},
       j.payload || jsonb_build_object('data', (j.payload -> 'data') || jsonb_build_object(
         'reference', r.reference,
         'links', jsonb_build_object('approval', ${approvalLink}::text, 'document', CASE WHEN r.pdf_object_id IS NULL THEN NULL ELSE ${approvalLink}::text || '/document' END))),
       r.callback_url
  FROM ${letterRow} JOIN ${request} r ON r.letter_id = ${letterRow}.id, (SELECT ${JSON.stringify(webhook)}::jsonb AS payload) j
 WHERE r.callback_url IS NOT NULL
ON CONFLICT (letter_id, sequence) DO NOTHING RETURNING id, letter_id, callback_url`,
        ),
        part(
          'webhook_outbox',
          sql`INSERT INTO outbox_event (letter_id, type, payload)
SELECT w.letter_id, 'webhook.deliver', jsonb_build_object('eventId', w.id, 'callback', w.callback_url) FROM webhook w`,
        ),
      ],
      queuesWork: sql<boolean>`EXISTS (SELECT 1 FROM webhook)`,
    };
  }
}
