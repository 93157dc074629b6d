import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { describeError } from '../common/logging/safe-error';
import { afterCommit, CommittedQuery } from '../database/transaction-scope';
import { CONFIDENTIAL_SIFAT, Sifat } from '../records/letter.entity';
import { AuditActorType, AuditBody, canonicalJson } from './audit-canonical';
import { currentRequest } from './audit-context';
import { AuditEntriesQuery } from './dto/audit-entries.query';

/** Every kind of act the trail records. */
export enum AuditAction {
  Login = 'auth.login',
  LoginFailed = 'auth.login_failed',
  Logout = 'auth.logout',
  Transition = 'letter.transition',
  ConfidentialRead = 'letter.confidential_read',
  DocumentDownload = 'letter.document_download',
  UnitCreate = 'unit.create',
  UnitUpdate = 'unit.update',
  UnitLogoUpdate = 'unit.logo_update',
  PositionCreate = 'position.create',
  PositionUpdate = 'position.update',
  PositionHolderAssign = 'position.holder_assign',
  PositionHolderEnd = 'position.holder_end',
  PersonCreate = 'person.create',
  PersonUpdate = 'person.update',
  DelegationCreate = 'delegation.create',
  DelegationRevoke = 'delegation.revoke',
  ModuleCreate = 'module.create',
  ModuleUpdate = 'module.update',
  ModuleWebhookSecretRotate = 'module.webhook_secret_rotate',
  ApiKeyIssue = 'api_key.issue',
  ApiKeyRotate = 'api_key.rotate',
  ApiKeyRevoke = 'api_key.revoke',
  NumberFormatUpdate = 'number_format.update',
  BerkasCreate = 'berkas.create',
  BerkasUpdate = 'berkas.update',
  BerkasItemsAdd = 'berkas.items_add',
  BerkasItemRemove = 'berkas.item_remove',
  BerkasClose = 'berkas.close',
  BerkasInactive = 'berkas.inactive',
  BerkasLegalHoldPlace = 'berkas.legal_hold_place',
  BerkasLegalHoldLift = 'berkas.legal_hold_lift',
  LetterTextCorrect = 'letter.text_correct',
  DisposalPropose = 'disposal.propose',
  DisposalBlocked = 'disposal.blocked',
  DisposalDestroyLetter = 'disposal.destroy_letter',
  DisposalExecuted = 'disposal.executed',
  TransferBuild = 'transfer.build',
  TransferDownload = 'transfer.download',
  SigningCertificateRevoke = 'signing_certificate.revoke',
  /** A signed PDF's long-term validation data renewed: fresh DSS and archive timestamp, a new stored version. */
  LtvRenewal = 'letter.ltv_renewal',
}

export interface AuditRecord {
  action: AuditAction;
  object?: { type: string; id: string };
  letterId?: string | null;
  /** Ids and facts only: never a secret, a password, a key or a letter's contents. */
  details?: Record<string, unknown>;
  /** Who acted, when the request does not say yet (a login) or there is no request (a job). */
  actor?: { type: AuditActorType; id: string | null };
  at?: Date;
}

/** The fields a change request sets (names only: values may be secrets or personal data). */
export const fieldsOf = (dto: object): string[] => Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined);

/** An entry as served: its body exactly as hashed, with its place in the chain. */
export interface AuditEntryView extends AuditBody {
  seq: string;
  hash: string;
  prevHash: string;
}

export interface AuditEntriesPage {
  items: AuditEntryView[];
  /** Pass as `after` for the next page; null when this page is the last. */
  next: string | null;
}

/**
 * Appends to the audit trail, in the caller's transaction: the entry commits with the act it
 * records or not at all. audit_append() writes it without taking any lock; once the
 * transaction has committed, audit_chain() chains it to the previous entry (the single
 * appender; see the AuditDeferredChaining migration), before the caller answers.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(manager: EntityManager | DataSource, entry: AuditRecord): Promise<void> {
    const [row] = await manager.query('SELECT audit_append($1)::text AS id', [this.body(entry)]);
    await this.chainAfterCommit(manager, row.id);
  }

  /**
   * For an entry appended by SQL of its own (audit_append() in a statement), by its pending
   * id: chained once the transaction it runs in commits, or now outside one.
   */
  async chainAfterCommit(manager: EntityManager | DataSource, pendingId: string): Promise<void> {
    const mine = afterCommit('audit.chain', () => [] as string[], async (ids, query) => void (await this.chain(ids, query)));
    if (mine) mine.push(pendingId);
    // A transaction opened some other way than the manager's transaction(): chaining now would
    // wait on a second connection inside it; the next chaining takes the entry instead.
    else if (!(manager instanceof EntityManager && manager.queryRunner?.isTransactionActive)) await this.chain([pendingId]);
  }

  /**
   * Chains every committed pending entry, unless `mine` (pending ids) were chained already by
   * another caller's chaining; on the committed transaction's own connection when given `query`. A failure leaves them pending, not lost: the next chaining (any
   * commit with an entry, the checkpoint job, audit:verify) takes them.
   */
  async chain(mine?: string[], query: CommittedQuery = (sql, params) => this.db.query(sql, params)): Promise<number> {
    try {
      const [row] = await query('SELECT audit_chain($1::bigint[]) AS n', [mine ?? null]);
      return Number(row.n);
    } catch (err) {
      this.logger.warn(`Audit entries left pending, chained by the next chaining: ${describeError(err)}`);
      return 0;
    }
  }

  /** A Rahasia or Sangat Rahasia letter was read (its view, history or versions); other letters' reads are not recorded. */
  async confidentialRead(manager: EntityManager | DataSource, letter: { id: string; sifat: Sifat }, part: 'letter' | 'history' | 'versions'): Promise<void> {
    if (!CONFIDENTIAL_SIFAT.includes(letter.sifat)) return;
    await this.record(manager, { action: AuditAction.ConfidentialRead, object: { type: 'letter', id: letter.id }, letterId: letter.id, details: { part, sifat: letter.sifat } });
  }

  /** A file of a letter leaves the system (its PDF, a scan, an attachment): recorded before the first byte goes out. */
  async download(manager: EntityManager | DataSource, letterId: string, file: { type: string; id: string }, details: Record<string, unknown> = {}): Promise<void> {
    await this.record(manager, { action: AuditAction.DocumentDownload, object: file, letterId, details });
  }

  /** Runs `work` and records what it returns in one transaction. */
  within<T>(work: (tx: EntityManager) => Promise<T>, entry: (result: T) => AuditRecord): Promise<T> {
    return this.db.transaction(async (tx) => {
      const result = await work(tx);
      await this.record(tx, entry(result));
      return result;
    });
  }

  /** The canonical body of an entry (what audit_append() takes), for statements that append it themselves. */
  body(entry: AuditRecord): string {
    const req = currentRequest();
    const principal = req?.principal;
    const actor =
      entry.actor ??
      (principal?.kind === 'person'
        ? { type: 'person' as const, id: principal.personId }
        : principal?.kind === 'module'
          ? { type: 'module' as const, id: principal.moduleId }
          : req
            ? { type: 'anonymous' as const, id: null }
            : { type: 'system' as const, id: null });
    const body: AuditBody = {
      at: (entry.at ?? new Date()).toISOString(),
      actor,
      client: { address: req?.ip ?? null, requestId: typeof req?.id === 'string' ? req.id : null },
      action: entry.action,
      object: entry.object ?? { type: null, id: null },
      letterId: entry.letterId ?? null,
      details: entry.details ?? {},
    };
    return canonicalJson(body);
  }

  /** Entries in chain order, for a letter and/or a person (as actor, or as the object changed). */
  async list(query: AuditEntriesQuery): Promise<AuditEntriesPage> {
    const rows: { seq: string; canonical: string; hash: string; prev_hash: string }[] = await this.db.query(
      `SELECT seq::text AS seq, canonical, encode(hash, 'hex') AS hash, encode(prev_hash, 'hex') AS prev_hash
         FROM audit_entry
        WHERE seq > $1
          AND ($2::uuid IS NULL OR letter_id = $2)
          AND ($3::text IS NULL OR (actor_type = 'person' AND actor_id = $3) OR (object_type = 'person' AND object_id = $3))
        ORDER BY audit_entry.seq LIMIT $4`,
      [query.after ?? '0', query.letterId ?? null, query.personId ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    return {
      // The body is served from the hashed text, not from the columns beside it.
      items: page.map((r) => ({ seq: r.seq, ...(JSON.parse(r.canonical.split('\n')[2]) as AuditBody), hash: r.hash, prevHash: r.prev_hash })),
      next: rows.length > query.limit ? page[page.length - 1].seq : null,
    };
  }
}
