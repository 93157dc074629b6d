import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LetterTextStatusDto } from '../../archive/ocr/dto/letter-text.dto';
import { LetterTextService } from '../../archive/ocr/letter-text.service';
import { AuditService } from '../../audit/audit.service';
import { PersonPrincipal } from '../../records/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { AppConfig } from '../../config/app-config';
import { inspectPdf } from '../../documents/pdf/pdf-inspector';
import { StorageService } from '../../storage/storage.service';
import { LetterWorkflowService } from '../../workflow/letter-workflow.service';
import { WorkflowRegistry } from '../../workflow/workflow-registry.service';
import { LetterEntity } from '../../records/letter.entity';
import { CorrespondenceError, CorrespondenceErrorCode } from '../incoming/correspondence.errors';
import { sniffAttachment } from './file-sniffer';

export const MAX_ATTACHMENTS_PER_LETTER = 20;

export interface UploadedAttachmentFile {
  buffer: Buffer;
  originalname?: string;
  size: number;
}

export interface AttachmentView {
  id: string;
  name: string;
  contentType: string;
  size: number;
  createdByPersonId: string;
  createdAt: Date;
  /** Reading a PDF's text (text layer or OCR) and where it stands; null for office files. */
  text: LetterTextStatusDto | null;
}

/**
 * Lampiran of a letter: PDF and office files, recognised by their bytes, within
 * UPLOAD_LIMIT_BYTES, stored through the storage service. The drafter adds and removes them
 * while the draft is editable; whoever sees the letter downloads them.
 */
@Injectable()
export class LetterAttachmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workflow: LetterWorkflowService,
    private readonly registry: WorkflowRegistry,
    private readonly storage: StorageService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly texts: LetterTextService,
  ) {}

  async list(letterId: string, ability: AppAbility): Promise<AttachmentView[]> {
    await this.workflow.loadVisible(this.db.manager, letterId, ability);
    return this.rows(letterId);
  }

  async add(letterId: string, file: UploadedAttachmentFile | undefined, principal: PersonPrincipal, ability: AppAbility): Promise<AttachmentView> {
    if (!file || file.size === 0) throw new CorrespondenceError(CorrespondenceErrorCode.FILE_REQUIRED, 'Attach the file in the field "file"');
    const sniffed = sniffAttachment(file.buffer, file.originalname);
    if (!sniffed) {
      throw new CorrespondenceError(CorrespondenceErrorCode.ATTACHMENT_TYPE_NOT_ALLOWED, 'Only PDF and office documents (docx, xlsx, pptx, odt, ods, odp, doc, xls, ppt) are accepted');
    }
    if (sniffed.contentType === 'application/pdf') await inspectPdf(file.buffer, { maxBytes: this.config.UPLOAD_LIMIT_BYTES });
    const base = (file.originalname ?? '').replace(/\.[^.]*$/, '').trim() || 'lampiran';
    const name = `${base.slice(0, 200)}.${sniffed.extension}`;
    const id = await this.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM letter WHERE id = $1 FOR NO KEY UPDATE', [letterId]);
      const letter = await this.workflow.loadVisible(tx, letterId, ability);
      await this.assertEditable(letter, principal);
      const [{ n }] = await tx.query('SELECT count(*)::int AS n FROM letter_attachment WHERE letter_id = $1', [letterId]);
      if (n >= MAX_ATTACHMENTS_PER_LETTER) {
        throw new CorrespondenceError(CorrespondenceErrorCode.TOO_MANY_ATTACHMENTS, `A letter has at most ${MAX_ATTACHMENTS_PER_LETTER} attachments`);
      }
      const object = await this.storage.put(file.buffer, { purpose: 'letter-attachment', contentType: sniffed.contentType, originalName: name }, tx);
      const [row] = await tx.query(
        `INSERT INTO letter_attachment (letter_id, object_id, name, content_type, size, created_by_person_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [letterId, object.id, name, sniffed.contentType, object.size, principal.personId],
      );
      if (sniffed.contentType === 'application/pdf') await this.texts.track(tx, letterId, object.id, row.id);
      return row.id as string;
    });
    this.texts.kick();
    return (await this.rows(letterId)).find((a) => a.id === id)!;
  }

  async remove(letterId: string, attachmentId: string, principal: PersonPrincipal, ability: AppAbility): Promise<void> {
    const objectIds = await this.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM letter WHERE id = $1 FOR NO KEY UPDATE', [letterId]);
      const letter = await this.workflow.loadVisible(tx, letterId, ability);
      await this.assertEditable(letter, principal);
      const searchable = await this.texts.forget(tx, letterId, attachmentId);
      const [rows]: [{ object_id: string }[], number] = await tx.query('DELETE FROM letter_attachment WHERE id = $1 AND letter_id = $2 RETURNING object_id', [
        attachmentId,
        letterId,
      ]);
      if (rows.length === 0) throw this.notFound(attachmentId);
      return [rows[0].object_id, ...searchable];
    });
    this.texts.kick();
    for (const id of objectIds) await this.storage.delete(id);
  }

  async download(letterId: string, attachmentId: string, ability: AppAbility): Promise<StreamableFile> {
    const letter = await this.workflow.loadVisible(this.db.manager, letterId, ability);
    const [row] = await this.db.query('SELECT object_id, name, content_type FROM letter_attachment WHERE id = $1 AND letter_id = $2', [attachmentId, letterId]);
    if (!row) throw this.notFound(attachmentId);
    await this.audit.download(this.db, letterId, { type: 'letter_attachment', id: attachmentId }, { sifat: letter.sifat });
    const { object, stream } = await this.storage.getStream(row.object_id);
    const ascii = row.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return new StreamableFile(stream, {
      type: row.content_type,
      length: object.size,
      disposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(row.name)}`,
    });
  }

  private async assertEditable(letter: LetterEntity, principal: PersonPrincipal): Promise<void> {
    if (letter.drafterPersonId !== principal.personId) {
      throw new CorrespondenceError(CorrespondenceErrorCode.NOT_THE_DRAFTER, 'Only the drafter changes the attachments of a letter');
    }
    const registered = await this.registry.definition(letter.workflowDefinitionId);
    if (!registered.workflow.definition.states[letter.state]?.editRoutes) {
      throw new CorrespondenceError(CorrespondenceErrorCode.LETTER_CLOSED, `Attachments of a letter in state "${letter.state}" cannot change`);
    }
  }

  private notFound(id: string): CorrespondenceError {
    return new CorrespondenceError(CorrespondenceErrorCode.ATTACHMENT_NOT_FOUND, `Attachment ${id} not found`);
  }

  private async rows(letterId: string): Promise<AttachmentView[]> {
    const rows: (Omit<AttachmentView, 'text'> & { objectId: string })[] = await this.db.query(
      `SELECT id, object_id AS "objectId", name, content_type AS "contentType", size::int AS size, created_by_person_id AS "createdByPersonId", created_at AS "createdAt"
         FROM letter_attachment WHERE letter_id = $1 ORDER BY created_at, id`,
      [letterId],
    );
    const texts = await this.texts.statuses(this.db, rows.map((r) => r.objectId));
    return rows.map(({ objectId, ...r }) => ({ ...r, text: texts.get(objectId) ?? null }));
  }
}
