import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, AuditService } from '../../audit/audit.service';
import { AppError } from '../../common/errors/app-error';
import { JobHandler } from '../../queue/job-handler.decorator';
import { JobPayloads } from '../../queue/jobs';
import { StorageErrorCode } from '../../storage/storage.errors';
import { StorageService } from '../../storage/storage.service';
import type { ActionRequest } from '../../workflow/actions/action-context';
import { WorkflowActionHandler } from '../../workflow/actions/workflow-action.decorator';
import { OutboxService } from '../../workflow/outbox/outbox.service';
import { BerkasStatus } from '../../records/berkas.entity';
import { BerkasService } from '../berkas/berkas.service';
import { DestroyedObject, DisposalListStatus } from '../../records/disposal-list.entity';
import { DISPOSAL_EXECUTE_EVENT, listBerkasIds } from './disposal.service';

const SYSTEM = { type: 'system' as const, id: null };

/**
 * Every stored file of a letter, deleted or not: its rendered and signed versions, attachments,
 * the scan of an incoming letter, the reports attached to its dispositions and the PDF a module
 * sent with an approval request.
 */
const LETTER_OBJECTS_SQL = `
  SELECT o.id AS "objectId", r.kind, o.sha256, o.size::bigint::float8 AS size, o.deleted_at IS NOT NULL AS deleted
    FROM (SELECT d.object_id AS id, 'document' AS kind FROM letter_document d WHERE d.letter_id = $1
          UNION SELECT a.object_id, 'attachment' FROM letter_attachment a WHERE a.letter_id = $1
          UNION SELECT i.scan_object_id, 'scan' FROM incoming_letter i WHERE i.letter_id = $1
          UNION SELECT x.report_object_id, 'report' FROM disposition x WHERE x.letter_id = $1 AND x.report_object_id IS NOT NULL
          UNION SELECT q.pdf_object_id, 'document' FROM approval_request q WHERE q.letter_id = $1 AND q.pdf_object_id IS NOT NULL) r
    JOIN stored_object o ON o.id = r.id
   ORDER BY r.kind, o.created_at, o.id`;

/**
 * Carries out a signed disposal list: the destroyContents action (at the letter's `destroyed`
 * entry) checks the legal holds once more and queues the execution; the job then destroys
 * the letters one by one, each in its own transaction that records it, so a worker that dies
 * midway leaves the done letters recorded and the next run carries on with the rest.
 */
@Injectable()
export class DisposalExecutor {
  private readonly logger = new Logger('Disposal');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly storage: StorageService,
    private readonly berkas: BerkasService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  @WorkflowActionHandler('destroyContents')
  async destroyContents(request: ActionRequest, tx: EntityManager): Promise<void> {
    const [list] = await tx.query(`SELECT id, status FROM disposal_list WHERE letter_id = $1 FOR UPDATE`, [request.letterId]);
    if (!list || list.status !== DisposalListStatus.Proposed) return;
    if (await this.blockedByHold(tx, list.id, request.letterId)) return;
    await tx.query(`UPDATE disposal_list SET status = $2 WHERE id = $1`, [list.id, DisposalListStatus.Executing]);
    await this.outbox.add(tx, request.letterId, DISPOSAL_EXECUTE_EVENT, { disposalListId: list.id });
  }

  @JobHandler('archive.disposal-execute')
  async execute(payload: JobPayloads['archive.disposal-execute']): Promise<void> {
    const [list] = await this.db.query(`SELECT id, letter_id AS "letterId", status FROM disposal_list WHERE id = $1`, [payload.disposalListId]);
    if (!list || list.status !== DisposalListStatus.Executing) return;
    const berkasIds = await listBerkasIds(this.db.manager, list.id);
    const pending: { letter_id: string }[] = await this.db.query(
      `SELECT bi.letter_id FROM berkas_item bi WHERE bi.berkas_id = ANY($1::uuid[])
          AND NOT EXISTS (SELECT 1 FROM destroyed_letter x WHERE x.letter_id = bi.letter_id) ORDER BY bi.letter_id`,
      [berkasIds],
    );
    for (const { letter_id: letterId } of pending) {
      if (!(await this.destroyLetter(list.id, list.letterId, letterId))) return;
    }
    await this.db.transaction(async (tx) => {
      const [now] = await tx.query(`SELECT status FROM disposal_list WHERE id = $1 FOR UPDATE`, [list.id]);
      if (now?.status !== DisposalListStatus.Executing) return;
      await tx.query(`SELECT id FROM berkas WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [berkasIds]);
      await this.berkas.setStatus(tx, berkasIds, BerkasStatus.Destroyed);
      await tx.query(`UPDATE disposal_list SET status = $2, executed_at = now() WHERE id = $1`, [list.id, DisposalListStatus.Executed]);
      const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM destroyed_letter WHERE disposal_list_id = $1`, [list.id]);
      await this.audit.record(tx, {
        action: AuditAction.DisposalExecuted,
        object: { type: 'disposal_list', id: list.id },
        letterId: list.letterId,
        details: { berkasIds, letterCount: n },
        actor: SYSTEM,
      });
    });
    this.outbox.kick();
    this.logger.log(`Disposal list ${list.id} executed`);
  }

  /**
   * Removes one letter's files from storage, then records it. A delete is idempotent (an object
   * already gone is skipped), so a run that died between the two does it again harmlessly.
   * Returns false when a legal hold now stops the list.
   */
  private async destroyLetter(disposalListId: string, beritaAcaraLetterId: string, letterId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [list] = await tx.query(`SELECT status FROM disposal_list WHERE id = $1 FOR UPDATE`, [disposalListId]);
      if (list?.status !== DisposalListStatus.Executing) return false;
      // Locked, so that no legal hold is placed on them while this letter goes.
      await tx.query(`SELECT b.id FROM berkas b JOIN disposal_list_berkas d ON d.berkas_id = b.id WHERE d.disposal_list_id = $1 ORDER BY b.id FOR SHARE OF b`, [disposalListId]);
      if (await this.blockedByHold(tx, disposalListId, beritaAcaraLetterId)) return false;
      const objects: (DestroyedObject & { deleted: boolean })[] = await tx.query(LETTER_OBJECTS_SQL, [letterId]);
      for (const object of objects.filter((o) => !o.deleted)) {
        try {
          await this.storage.delete(object.objectId, tx);
        } catch (err) {
          if (!(err instanceof AppError && err.code === StorageErrorCode.OBJECT_NOT_FOUND)) throw err;
        }
      }
      const kept: DestroyedObject[] = objects.map(({ objectId, kind, sha256, size }) => ({ objectId, kind, sha256, size }));
      const [, inserted] = await tx.query(
        `INSERT INTO destroyed_letter (letter_id, disposal_list_id, objects) VALUES ($1, $2, $3::jsonb) ON CONFLICT (letter_id) DO NOTHING`,
        [letterId, disposalListId, JSON.stringify(kept)],
      );
      if (inserted === 0) return true;
      await this.audit.record(tx, {
        action: AuditAction.DisposalDestroyLetter,
        object: { type: 'letter', id: letterId },
        letterId,
        details: { disposalListId, beritaAcaraLetterId, objects: kept.map((o) => ({ objectId: o.objectId, kind: o.kind, sha256: o.sha256 })) },
        actor: SYSTEM,
      });
      // The letter's contents are gone: the search index drops its text and keeps its facts.
      await this.outbox.add(tx, letterId, 'search.index', { letterId });
      return true;
    });
  }

  /** A legal hold on any berkas of the list stops it (blocked, audited) until the hold is lifted and the arsiparis resumes it. */
  private async blockedByHold(tx: EntityManager, disposalListId: string, letterId: string): Promise<boolean> {
    const berkasIds = await listBerkasIds(tx, disposalListId);
    const held: { berkas_id: string }[] = await tx.query(`SELECT berkas_id FROM berkas_legal_hold WHERE berkas_id = ANY($1::uuid[]) AND lifted_at IS NULL ORDER BY berkas_id`, [berkasIds]);
    if (held.length === 0) return false;
    await tx.query(`UPDATE disposal_list SET status = $2 WHERE id = $1`, [disposalListId, DisposalListStatus.Blocked]);
    await this.audit.record(tx, {
      action: AuditAction.DisposalBlocked,
      object: { type: 'disposal_list', id: disposalListId },
      letterId,
      details: { heldBerkasIds: held.map((h) => h.berkas_id) },
      actor: SYSTEM,
    });
    this.logger.warn(`Disposal list ${disposalListId} stopped by a legal hold on ${held.length} berkas`);
    return true;
  }
}
