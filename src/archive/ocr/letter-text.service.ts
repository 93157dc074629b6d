import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, AuditService } from '../../audit/audit.service';
import { PersonPrincipal } from '../../records/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { Role } from '../../records/person.entity';
import { StorageService } from '../../storage/storage.service';
import { LetterWorkflowService } from '../../workflow/letter-workflow.service';
import { OutboxService } from '../../workflow/outbox/outbox.service';
import { CorrectLetterTextDto, LetterTextDto, LetterTextSource, LetterTextStatus, LetterTextStatusDto } from './dto/letter-text.dto';
import { OcrError, OcrErrorCode } from './ocr.errors';

/** The event that tells search a letter's text changed (its handler belongs to search). */
export const SEARCH_INDEX_EVENT = 'search.index';

const STATUS_COLUMNS = `t.id, t.object_id AS "objectId", t.attachment_id AS "attachmentId", t.status, t.source, t.failure_reason AS "failureReason",
  t.page_count AS "pageCount", t.mean_confidence AS "meanConfidence", t.low_confidence_pages AS "lowConfidencePages",
  (t.source = 'ocr' AND cardinality(t.low_confidence_pages) > 0) AS "needsReview",
  CASE WHEN o.id IS NULL THEN NULL ELSE json_build_object('objectId', o.id, 'sha256', o.sha256, 'size', o.size) END AS "searchablePdf",
  t.corrected_by_person_id AS "correctedByPersonId", t.corrected_at AS "correctedAt", t.updated_at AS "updatedAt"`;

/**
 * The text of a letter's files (letter_text): rows are added with the file, in its
 * transaction, with the `ocr.extract` job as an outbox event; whoever sees the letter reads the
 * text and the status; TU of the unit that registered the letter corrects OCR text. Every
 * change of a letter's text adds a `search.index` event in the same transaction.
 */
@Injectable()
export class LetterTextService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxService,
    private readonly storage: StorageService,
    private readonly audit: AuditService,
    private readonly workflow: LetterWorkflowService,
  ) {}

  /** In the caller's transaction: a new stored file of a letter whose text is to be read (never in the request: a job). */
  async track(tx: EntityManager, letterId: string, objectId: string, attachmentId: string | null): Promise<string> {
    const [row] = await tx.query(`INSERT INTO letter_text (letter_id, object_id, attachment_id, status) VALUES ($1, $2, $3, 'waiting') RETURNING id`, [
      letterId,
      objectId,
      attachmentId,
    ]);
    await this.outbox.add(tx, letterId, 'ocr.extract', { letterTextId: row.id });
    return row.id;
  }

  /** Wakes the relay after a commit that tracked files. */
  kick(): void {
    this.outbox.kick();
  }

  /**
   * In the caller's transaction, before an attachment goes: its text goes too (search is told),
   * and the PDF/A that OCR made is returned for the caller to delete after commit.
   */
  async forget(tx: EntityManager, letterId: string, attachmentId: string): Promise<string[]> {
    const [rows]: [{ ocr_object_id: string | null; text: string | null }[], number] = await tx.query(
      `DELETE FROM letter_text WHERE attachment_id = $1 AND letter_id = $2 RETURNING ocr_object_id, text`,
      [attachmentId, letterId],
    );
    if (rows.some((r) => r.text !== null)) await this.outbox.add(tx, letterId, SEARCH_INDEX_EVENT, { letterId });
    return rows.map((r) => r.ocr_object_id).filter((id): id is string => id !== null);
  }

  /** The status of each given stored file's text, by object id (for the letter's views; no text). */
  async statuses(manager: EntityManager | DataSource, objectIds: string[]): Promise<Map<string, LetterTextStatusDto>> {
    if (objectIds.length === 0) return new Map();
    const rows: LetterTextStatusDto[] = await manager.query(
      `SELECT ${STATUS_COLUMNS} FROM letter_text t LEFT JOIN stored_object o ON o.id = t.ocr_object_id WHERE t.object_id = ANY($1::uuid[])`,
      [objectIds],
    );
    return new Map(rows.map((r) => [r.objectId, r]));
  }

  async list(letterId: string, ability: AppAbility): Promise<LetterTextDto[]> {
    await this.workflow.loadVisible(this.db.manager, letterId, ability);
    return this.db.query(
      `SELECT ${STATUS_COLUMNS}, t.text, t.ocr_text AS "ocrText" FROM letter_text t LEFT JOIN stored_object o ON o.id = t.ocr_object_id
        WHERE t.letter_id = $1 ORDER BY t.created_at, t.id`,
      [letterId],
    );
  }

  async get(letterId: string, textId: string, ability: AppAbility): Promise<LetterTextDto> {
    await this.workflow.loadVisible(this.db.manager, letterId, ability);
    return this.row(this.db.manager, letterId, textId);
  }

  /**
   * TU of the unit that registered the letter replaces the text search reads (OCR's own text
   * stays in `ocrText`); audited, with ids and sizes only.
   */
  async correct(letterId: string, textId: string, dto: CorrectLetterTextDto, principal: PersonPrincipal, ability: AppAbility): Promise<LetterTextDto> {
    await this.db.transaction(async (tx) => {
      const letter = await this.workflow.loadVisible(tx, letterId, ability, { lock: true });
      const units = new Set([...principal.positions, ...principal.delegations].map((p) => p.unitId));
      if (!principal.roles.includes(Role.Registrar) || !letter.unitId || !units.has(letter.unitId)) {
        throw new OcrError(OcrErrorCode.NOT_THE_REGISTERING_UNIT, 'Only the tata usaha of the unit that registered the letter corrects its text');
      }
      const current = await this.row(tx, letterId, textId);
      if (current.status !== LetterTextStatus.Done) {
        throw new OcrError(OcrErrorCode.LETTER_TEXT_NOT_READY, `The text is ${current.status}; it can be corrected once it has been read`, { status: current.status });
      }
      await tx.query(
        `UPDATE letter_text SET text = $3, source = $4, ocr_text = COALESCE(ocr_text, text), corrected_by_person_id = $5, corrected_at = now(), updated_at = now()
          WHERE id = $1 AND letter_id = $2`,
        [textId, letterId, dto.text, LetterTextSource.Corrected, principal.personId],
      );
      await this.outbox.add(tx, letterId, SEARCH_INDEX_EVENT, { letterId });
      await this.audit.record(tx, {
        action: AuditAction.LetterTextCorrect,
        letterId,
        object: { type: 'letter_text', id: textId },
        details: { previousSource: current.source, length: dto.text.length },
      });
    });
    this.outbox.kick();
    return this.row(this.db.manager, letterId, textId);
  }

  /** The searchable PDF/A that OCR made (the original stays downloadable where it always was). */
  async searchablePdf(letterId: string, textId: string, ability: AppAbility): Promise<StreamableFile> {
    const letter = await this.workflow.loadVisible(this.db.manager, letterId, ability);
    const row = await this.row(this.db.manager, letterId, textId);
    if (!row.searchablePdf) throw new OcrError(OcrErrorCode.SEARCHABLE_PDF_NOT_FOUND, 'No searchable PDF was made of this file');
    await this.audit.download(this.db, letterId, { type: 'letter_text_pdfa', id: row.searchablePdf.objectId }, { sifat: letter.sifat });
    const { object, stream } = await this.storage.getStream(row.searchablePdf.objectId);
    return new StreamableFile(stream, { type: 'application/pdf', length: object.size, disposition: `inline; filename="pdfa-${textId}.pdf"` });
  }

  private async row(manager: EntityManager, letterId: string, textId: string): Promise<LetterTextDto> {
    const [row] = await manager.query(
      `SELECT ${STATUS_COLUMNS}, t.text, t.ocr_text AS "ocrText" FROM letter_text t LEFT JOIN stored_object o ON o.id = t.ocr_object_id
        WHERE t.id = $1 AND t.letter_id = $2`,
      [textId, letterId],
    );
    if (!row) throw new OcrError(OcrErrorCode.LETTER_TEXT_NOT_FOUND, `Text ${textId} not found on this letter`);
    return row;
  }
}
