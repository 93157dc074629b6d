import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { ModulePrincipal } from '../../records/principal';
import { canonicalJson } from '../../common/canonical-json';
import { AppConfig } from '../../config/app-config';
import { preparedQuery } from '../../database/prepared-query';
import { inspectPdf } from '../../documents/pdf/pdf-inspector';
import { LetterEntity, LetterKind, Sifat, Urgency } from '../../records/letter.entity';
import { StorageService } from '../../storage/storage.service';
import type { RoutePlans, TransitionSuccess } from '../../records/workflow-snapshot.types';
import { CreateRefusal, LetterWorkflowService } from '../../workflow/letter-workflow.service';
import { OutboxService } from '../../workflow/outbox/outbox.service';
import { WorkflowRegistry } from '../../workflow/workflow-registry.service';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { IntegrationError, IntegrationErrorCode } from '../integrations.errors';
import { checkModuleCallback } from '../webhooks/callback-policy';
import { approvalUrl } from '../webhook-payload';
import { approvalCreationParts } from './approval-statement-parts';
import { CreateApprovalDto } from './dto/create-approval.dto';

export interface ApprovalDecision {
  sequence: number;
  event: string;
  from: string | null;
  to: string;
  actor: string;
  comment: string | null;
  at: Date;
}

export interface ApprovalView {
  id: string;
  reference: string;
  title: string;
  description: string | null;
  workflow: string;
  state: string;
  stateLabel: string;
  /** True in a final state (approved, rejected, cancelled). */
  done: boolean;
  metadata: Record<string, unknown>;
  callbackUrl: string | null;
  /** The approver steps and signers as the workflow tracks them, with who decided. */
  routes: LetterEntity['snapshot']['routes'];
  decisions: ApprovalDecision[];
  /** The PDF: the original until it is signed, then the latest signed revision. */
  document: { url: string; signed: boolean; sha256: string; size: number } | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ApprovalSummary {
  id: string;
  reference: string;
  title: string;
  state: string;
  done: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface UploadedPdf {
  buffer: Buffer;
  originalname?: string;
}

/** An approval's fields, as read back or as its creating transaction wrote them. */
interface ApprovalFields {
  id: string;
  reference: string;
  title: string;
  description: string | null;
  metadata: Record<string, unknown>;
  callbackUrl: string | null;
  workflowKey: string;
  definitionId: string;
  state: string;
  done: boolean;
  routes: LetterEntity['snapshot']['routes'];
  history: { seq: number; event: string; from_state: string | null; to_state: string; actor_label: string; comment: string | null; at: string }[];
  document: { signed: boolean; sha256: string; size: number } | null;
  createdAt: Date;
  updatedAt: Date;
}

const DEFAULT_WORKFLOW = 'approval-basic';

/** Every position of the route, once. */
const routePositionIds = (routes: RoutePlans): string[] => [...new Set([...(routes.reviewers ?? []), ...(routes.signers ?? [])].flatMap((s) => s.positionIds))];

/**
 * Approval requests of other SIM modules. An approval is a letter of kind `approval` whose
 * drafter is the module; its extra fields live in approval_request. Officials find it in their
 * inbox and decide it through the letters' transitions API like any letter. A module only
 * ever sees its own approvals: every query is filtered by its id, and another module's
 * approval answers 404.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly registry: WorkflowRegistry,
    private readonly workflow: LetterWorkflowService,
    private readonly outbox: OutboxService,
    private readonly storage: StorageService,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
  ) {}

  /** Creates an approval, or with a known Idempotency-Key returns the one it created (`created` false). */
  async create(module: ModulePrincipal, dto: CreateApprovalDto, upload: UploadedPdf | undefined, idempotencyKey: string | undefined): Promise<{ approval: ApprovalView; created: boolean }> {
    if (idempotencyKey !== undefined) IdempotencyService.assertKey(idempotencyKey);
    const workflowKey = dto.workflow ?? DEFAULT_WORKFLOW;
    const registered = this.registry.latest(workflowKey);
    if (!registered?.workflow.definition.usableByModules) {
      throw IntegrationError.unprocessable(IntegrationErrorCode.WORKFLOW_NOT_USABLE, `Workflow ${workflowKey} does not exist or is not open to modules`, { workflow: workflowKey });
    }
    const metadata = dto.metadata ?? {};
    const metadataBytes = Buffer.byteLength(JSON.stringify(metadata));
    if (metadataBytes > this.config.APPROVAL_METADATA_MAX_BYTES) {
      throw new IntegrationError(IntegrationErrorCode.METADATA_TOO_LARGE, `metadata is ${metadataBytes} bytes; at most ${this.config.APPROVAL_METADATA_MAX_BYTES}`, 413, {
        maxBytes: this.config.APPROVAL_METADATA_MAX_BYTES,
      });
    }
    if (dto.pdfBase64 && upload) throw IntegrationError.unprocessable(IntegrationErrorCode.PDF_TWICE, 'Send the PDF either as pdfBase64 or as the multipart file, not both');
    const pdf = upload?.buffer ?? (dto.pdfBase64 ? Buffer.from(dto.pdfBase64, 'base64') : undefined);
    if (pdf) await inspectPdf(pdf, { maxBytes: this.config.UPLOAD_LIMIT_BYTES });
    if (dto.callbackUrl) await this.checkCallback(module.moduleId, dto.callbackUrl);
    const routes = this.routesOf(dto, Boolean(pdf));
    const requestHash = this.requestHash(dto, pdf);

    const id = randomUUID();
    type Outcome = { replayOf: string } | { started: { letter: LetterEntity; result: TransitionSuccess; actorLabel: string } };
    const create = async (tx: EntityManager, document: { id: string; object_id: string; sha256: string; size: number } | null): Promise<Outcome> => {
      const outcome = await this.workflow.create(
        tx,
        {
          id,
          columns: {
            kind: LetterKind.Approval,
            workflow_key: workflowKey,
            workflow_definition_id: registered.id,
            route_plans: routes,
            subject: dto.title,
            sifat: Sifat.Biasa,
            urgency: Urgency.Biasa,
            module_id: module.moduleId,
            body: this.bodyOf(module, dto, Boolean(pdf)),
            current_document_id: document?.id ?? null,
          },
          positions: { all: routePositionIds(routes), signers: (routes.signers ?? []).flatMap((s) => s.positionIds) },
          parts: approvalCreationParts(id, {
            request: {
              module_id: module.moduleId,
              reference: dto.reference,
              title: dto.title,
              description: dto.description ?? null,
              metadata,
              callback_url: dto.callbackUrl ?? null,
              pdf_object_id: document?.object_id ?? null,
            },
            idempotency:
              idempotencyKey === undefined
                ? undefined
                : { module_id: module.moduleId, key: idempotencyKey, request_hash: requestHash, ttl_hours: this.config.IDEMPOTENCY_TTL_HOURS },
            document: document ?? undefined,
          }),
        },
        { kind: 'module', principal: module },
        routes,
      );
      if (outcome.refusal) {
        // A key already used answers first (the same request again, or IDEMPOTENCY_KEY_REUSED);
        // a concurrent duplicate's statement waited on the key until its holder committed.
        const replayOf = idempotencyKey === undefined ? null : await this.idempotency.lookup(tx, module.moduleId, idempotencyKey, requestHash);
        if (replayOf) return { replayOf };
        this.refuse(outcome.refusal);
        throw new Error('The creating statement wrote nothing and named no reason');
      }
      return { started: outcome };
    };

    // Without a PDF, the approval is one statement. A PDF goes to object storage first and is the
    // letter's document in the same statement: a transaction keeps its stored_object row with it.
    let outcome: Outcome;
    let document: ApprovalFields['document'] = null;
    if (!pdf) outcome = await create(this.db.manager, null);
    else {
      // A key already used answers before the PDF is stored again.
      const known = idempotencyKey === undefined ? null : await this.idempotency.lookup(this.db.manager, module.moduleId, idempotencyKey, requestHash);
      if (known) return { approval: await this.view(module, known), created: false };
      outcome = await this.db.transaction(async (tx) => {
        const object = await this.storage.put(pdf, { purpose: 'approval-pdf', contentType: 'application/pdf', originalName: dto.pdfFileName ?? upload?.originalname ?? 'approval.pdf' }, tx);
        const stored = { id: randomUUID(), object_id: object.id, sha256: object.sha256.trim(), size: Number(object.size) };
        document = { signed: false, sha256: stored.sha256, size: stored.size };
        return create(tx, stored);
      });
    }
    if ('replayOf' in outcome) return { approval: await this.view(module, outcome.replayOf), created: false };
    const { started } = outcome;
    if (this.workflow.queuedWork(started.result)) this.outbox.kick();
    return { approval: await this.toView(this.startedFields(id, dto, metadata, registered.id, started, document)), created: true };
  }

  /** The letter body of an approval: what officials see of the request beside its title. */
  private bodyOf(module: ModulePrincipal, dto: CreateApprovalDto, hasPdf: boolean): Record<string, unknown> {
    return { reference: dto.reference, description: dto.description ?? null, module: module.moduleName, hasPdf };
  }

  /** A new approval as its creating statement wrote it: the answer needs no read after commit. */
  private startedFields(
    id: string,
    dto: CreateApprovalDto,
    metadata: Record<string, unknown>,
    definitionId: string,
    started: { letter: LetterEntity; result: TransitionSuccess; actorLabel: string },
    document: ApprovalFields['document'],
  ): ApprovalFields {
    const { history } = started.result;
    return {
      id,
      reference: dto.reference,
      title: dto.title,
      description: dto.description ?? null,
      metadata,
      callbackUrl: dto.callbackUrl ?? null,
      workflowKey: started.letter.workflowKey,
      definitionId,
      state: started.letter.state,
      done: started.letter.done,
      routes: started.letter.snapshot.routes,
      history: [{ seq: history.seq, event: history.event, from_state: history.from, to_state: history.to, actor_label: started.actorLabel, comment: history.comment ?? null, at: history.at }],
      document,
      createdAt: started.letter.createdAt,
      updatedAt: started.letter.updatedAt,
    };
  }

  async view(module: ModulePrincipal, id: string): Promise<ApprovalView> {
    // The approval by its key first, then its owner: a lookup by the module's index would walk
    // every approval of the module while the planner's statistics are still those of an empty table.
    const [row] = await preparedQuery(
      this.db.manager,
      `WITH a AS MATERIALIZED (SELECT * FROM approval_request WHERE letter_id = $1)
       SELECT a.reference, a.title, a.description, a.metadata, a.callback_url, l.workflow_key, l.workflow_definition_id, l.state, l.done,
              l.snapshot->'routes' AS routes, l.created_at, l.updated_at, a.pdf_object_id, o.sha256 AS pdf_sha256, o.size AS pdf_size,
              d.kind AS doc_kind, d.sha256 AS doc_sha256, d.size AS doc_size,
              (SELECT coalesce(json_agg(json_build_object('seq', h.seq, 'event', h.event, 'from_state', h.from_state, 'to_state', h.to_state,
                                                          'actor_label', h.actor_label, 'comment', h.comment, 'at', h.at) ORDER BY h.seq), '[]')
                 FROM letter_history h WHERE h.letter_id = l.id) AS history
         FROM a JOIN letter l ON l.id = a.letter_id
         LEFT JOIN stored_object o ON o.id = a.pdf_object_id
         LEFT JOIN letter_document d ON d.id = l.current_document_id
        WHERE a.module_id = $2`,
      [id, module.moduleId],
    );
    if (!row) throw IntegrationError.approvalNotFound(id);
    const document = row.doc_kind
      ? { signed: row.doc_kind === 'signed', sha256: row.doc_sha256.trim(), size: Number(row.doc_size) }
      : row.pdf_object_id
        ? { signed: false, sha256: row.pdf_sha256.trim(), size: Number(row.pdf_size) }
        : null;
    return this.toView({
      id,
      reference: row.reference,
      title: row.title,
      description: row.description,
      metadata: row.metadata,
      callbackUrl: row.callback_url,
      workflowKey: row.workflow_key,
      definitionId: row.workflow_definition_id,
      state: row.state,
      done: row.done,
      routes: row.routes,
      history: row.history,
      document,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
  }

  private async toView(f: ApprovalFields): Promise<ApprovalView> {
    const registered = await this.registry.definition(f.definitionId);
    return {
      id: f.id,
      reference: f.reference,
      title: f.title,
      description: f.description,
      workflow: f.workflowKey,
      state: f.state,
      stateLabel: registered.workflow.definition.states[f.state]?.label ?? f.state,
      done: f.done,
      metadata: f.metadata,
      callbackUrl: f.callbackUrl,
      routes: f.routes,
      decisions: f.history.map((h) => ({ sequence: h.seq, event: h.event, from: h.from_state, to: h.to_state, actor: h.actor_label, comment: h.comment, at: new Date(h.at) })),
      document: f.document && { url: `${approvalUrl(this.config.PUBLIC_URL, f.id)}/document`, ...f.document },
      createdAt: f.createdAt,
      updatedAt: f.updatedAt,
    };
  }

  async list(module: ModulePrincipal, q: { reference?: string; state?: string; page: number; limit: number }) {
    const params: unknown[] = [module.moduleId];
    let filter = '';
    if (q.reference !== undefined) {
      params.push(q.reference);
      filter += ` AND a.reference = $${params.length}`;
    }
    if (q.state !== undefined) {
      params.push(q.state);
      filter += ` AND l.state = $${params.length}`;
    }
    const [items, [{ total }]] = await Promise.all([
      this.db.query(
        `SELECT a.letter_id AS id, a.reference, a.title, l.state, l.done, l.created_at AS "createdAt", l.updated_at AS "updatedAt"
           FROM approval_request a JOIN letter l ON l.id = a.letter_id
          WHERE a.module_id = $1${filter} ORDER BY a.created_at DESC, a.letter_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, q.limit, (q.page - 1) * q.limit],
      ),
      this.db.query(`SELECT count(*)::int AS total FROM approval_request a JOIN letter l ON l.id = a.letter_id WHERE a.module_id = $1${filter}`, params),
    ]);
    return { items: items as ApprovalSummary[], total: total as number, page: q.page, limit: q.limit };
  }

  /** Cancels the module's own approval while it is pending (the workflow's `cancel`). */
  async cancel(module: ModulePrincipal, id: string, comment?: string): Promise<ApprovalView> {
    const [row] = await this.db.query('SELECT l.version FROM approval_request a JOIN letter l ON l.id = a.letter_id WHERE a.letter_id = $1 AND a.module_id = $2', [id, module.moduleId]);
    if (!row) throw IntegrationError.approvalNotFound(id);
    await this.workflow.fireAsModule(id, { event: 'cancel', version: row.version, comment }, module);
    return this.view(module, id);
  }

  /** The approval's PDF: its latest signed revision, or the original. */
  async document(module: ModulePrincipal, id: string): Promise<{ stream: Readable; size: number; signed: boolean; fileName: string }> {
    const [row] = await this.db.query(
      `SELECT a.pdf_object_id, d.object_id AS doc_object_id, d.kind AS doc_kind
         FROM approval_request a JOIN letter l ON l.id = a.letter_id LEFT JOIN letter_document d ON d.id = l.current_document_id
        WHERE a.letter_id = $1 AND a.module_id = $2`,
      [id, module.moduleId],
    );
    if (!row) throw IntegrationError.approvalNotFound(id);
    const objectId = row.doc_object_id ?? row.pdf_object_id;
    if (!objectId) throw new IntegrationError(IntegrationErrorCode.DOCUMENT_NOT_FOUND, 'This approval has no PDF', 404);
    const signed = row.doc_kind === 'signed';
    await this.audit.download(this.db, id, { type: signed ? 'letter_document' : 'approval_pdf', id: objectId }, { signed });
    const { object, stream } = await this.storage.getStream(objectId);
    return { stream, size: Number(object.size), signed, fileName: `approval-${id}${signed ? '-signed' : ''}.pdf` };
  }

  /** Approvers as the reviewers route; with a PDF, signers as the signers route. */
  private routesOf(dto: CreateApprovalDto, hasPdf: boolean): RoutePlans {
    const routes: RoutePlans = { reviewers: dto.approvers.map((s) => ({ positionIds: s.positionIds, mode: s.mode, n: s.n })) };
    if (!hasPdf) return routes;
    let signers = dto.signerPositionIds;
    if (!signers) {
      const last = dto.approvers[dto.approvers.length - 1];
      if (last.positionIds.length !== 1) {
        throw IntegrationError.unprocessable(IntegrationErrorCode.SIGNER_REQUIRED, 'With a PDF, name signerPositionIds (the last approver step has several positions)');
      }
      signers = last.positionIds;
    }
    routes.signers = signers.map((positionId) => ({ positionIds: [positionId] }));
    return routes;
  }

  /** A creating statement's refusal for its positions, as the module's errors; returns when the positions were right. */
  private refuse(refusal: CreateRefusal): void {
    if (refusal.missingPositionIds.length > 0) {
      throw IntegrationError.unprocessable(IntegrationErrorCode.POSITION_NOT_FOUND, 'Unknown position(s)', { positionIds: refusal.missingPositionIds });
    }
    const cannot = refusal.unableSigners;
    if (cannot.length > 0) {
      throw IntegrationError.unprocessable(IntegrationErrorCode.SIGNER_NOT_ALLOWED, `Not a signing position: ${cannot.map((c) => c.name).join(', ')}`, {
        positionIds: cannot.map((c) => c.id),
      });
    }
  }

  private checkCallback(moduleId: string, callbackUrl: string): Promise<void> {
    return checkModuleCallback(this.db, moduleId, callbackUrl, this.config.WEBHOOK_ALLOW_PRIVATE_CALLBACKS);
  }

  /** What makes two requests "the same" for an Idempotency-Key: the body, with the PDF by its digest. */
  private requestHash(dto: CreateApprovalDto, pdf: Buffer | undefined): string {
    const { pdfBase64: _inline, ...rest } = dto;
    const pdfSha256 = pdf ? createHash('sha256').update(pdf).digest('hex') : null;
    return createHash('sha256').update(canonicalJson({ ...rest, pdfSha256 })).digest('hex');
  }
}
