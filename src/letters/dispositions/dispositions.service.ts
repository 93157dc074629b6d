import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { actingPositionIds, PersonPrincipal } from '../../records/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { AppConfig } from '../../config/app-config';
import { inspectPdf } from '../../documents/pdf/pdf-inspector';
import { Role } from '../../records/person.entity';
import { StorageService } from '../../storage/storage.service';
import { LetterWorkflowService } from '../../workflow/letter-workflow.service';
import { LetterEntity, LetterKind } from '../../records/letter.entity';
import { CorrespondenceError, CorrespondenceErrorCode } from '../incoming/correspondence.errors';
import { DispositionInstructions } from './disposition-instructions';
import { CreateDispositionDto, ReportDispositionDto } from './dto/disposition.dto';
import { DispositionViewDto } from './dto/disposition-view.dto';
import { DispositionStatus } from './disposition-status';

const OPEN: readonly string[] = [DispositionStatus.Sent, DispositionStatus.Read];
const FINISHED: readonly string[] = [DispositionStatus.Reported, DispositionStatus.Done];

interface DispositionRow {
  id: string;
  letter_id: string;
  parent_id: string | null;
  from_position_id: string;
  to_position_id: string;
  instructions: string[];
  note: string | null;
  due_at: Date | null;
  status: DispositionStatus;
  read_at: Date | null;
  recalled_at: Date | null;
  reported_at: Date | null;
  report: string | null;
  report_object_id: string | null;
  done_at: Date | null;
  created_at: Date;
  from_name?: string;
  to_name?: string;
}

export type DispositionView = DispositionViewDto;

export interface UploadedAttachment {
  buffer: Buffer;
  originalname?: string;
  size: number;
}

/**
 * Disposisi: the addressee of a surat masuk disposes it to positions below, each recipient
 * may dispose further down, report (laporan tindak lanjut) or mark their branch done. The
 * rows form a tree; the recipients take part in the letter (participant role `disposition`)
 * and the letter's workflow events (dispose, dispose_further, report) are fired in the same
 * transaction as the rows, so history, inbox and deadlines stay in step.
 */
@Injectable()
export class DispositionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workflow: LetterWorkflowService,
    private readonly instructions: DispositionInstructions,
    private readonly storage: StorageService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async create(letterId: string, dto: CreateDispositionDto, principal: PersonPrincipal, ability: AppAbility): Promise<DispositionView[]> {
    const unknown = this.instructions.unknown(dto.instructions);
    if (unknown.length > 0) {
      throw new CorrespondenceError(CorrespondenceErrorCode.UNKNOWN_INSTRUCTION, `Unknown instruction(s): ${unknown.join(', ')}`, {
        unknown,
        allowed: this.instructions.list.map((i) => i.key),
      });
    }
    if (dto.dueAt && new Date(dto.dueAt).getTime() < Date.now() - 60_000) {
      throw new CorrespondenceError(CorrespondenceErrorCode.DUE_DATE_IN_PAST, 'The deadline is in the past');
    }
    const acting = actingPositionIds(principal);
    const targets = [...new Set(dto.toPositionIds)];
    let dueAt: string | null = dto.dueAt ?? null;
    let ids: string[] = [];

    const write = async (tx: EntityManager, letter: LetterEntity): Promise<{ from: string; event: string | null }> => {
      this.assertIncoming(letter);
      let from: string;
      let event: string | null;
      if (dto.parentDispositionId) {
        const parent = await this.loadRow(tx, dto.parentDispositionId, letterId);
        if (!acting.includes(parent.to_position_id)) {
          throw new CorrespondenceError(CorrespondenceErrorCode.NOT_THE_RECIPIENT, 'Only the recipient of that disposition disposes it further');
        }
        if (!OPEN.includes(parent.status)) throw new CorrespondenceError(CorrespondenceErrorCode.DISPOSITION_NOT_OPEN, `That disposition is ${parent.status}`);
        if (letter.state !== 'disposed') throw this.closed(letter);
        // Disposing further implies having read it.
        await tx.query(`UPDATE disposition SET status = 'read', read_at = now(), read_by_person_id = $2 WHERE id = $1 AND status = 'sent'`, [parent.id, principal.personId]);
        from = parent.to_position_id;
        event = 'dispose_further';
        // A sub-disposition works within its parent's batas waktu: it inherits it, and may be
        // tighter but never later (the recipient could not report up in time otherwise).
        if (parent.due_at) {
          if (!dueAt) dueAt = new Date(parent.due_at).toISOString();
          else if (new Date(dueAt).getTime() > new Date(parent.due_at).getTime()) {
            throw new CorrespondenceError(CorrespondenceErrorCode.DUE_AFTER_PARENT, 'The deadline is later than the deadline of the disposition received', {
              field: 'dueAt',
              parentDueAt: new Date(parent.due_at).toISOString(),
            });
          }
        }
      } else {
        const addressees = await this.positionsWithRole(tx, letterId, 'addressee');
        const own = addressees.find((p) => acting.includes(p));
        if (!own) throw new CorrespondenceError(CorrespondenceErrorCode.NOT_ALLOWED_TO_DISPOSE, 'Only the addressee disposes the letter; recipients dispose their own disposition further');
        if (letter.state !== 'registered' && letter.state !== 'disposed') throw this.closed(letter);
        from = own;
        // A second round from the addressee keeps the letter in "disposed": there is no event to fire.
        event = letter.state === 'registered' ? 'dispose' : null;
      }
      await this.assertBelow(tx, targets, from);

      const rows: { id: string }[] = await tx.query(
        `INSERT INTO disposition (letter_id, parent_id, from_position_id, to_position_id, instructions, note, due_at, created_by_person_id)
         SELECT $1, $2, $3, t, $5, $6, $7, $8 FROM unnest($4::uuid[]) AS t RETURNING id`,
        [letterId, dto.parentDispositionId ?? null, from, targets, dto.instructions, dto.note ?? null, dueAt, principal.personId],
      );
      ids = rows.map((r) => r.id);
      await tx.query(
        `INSERT INTO letter_participant (letter_id, position_id, role) SELECT $1, unnest($2::uuid[]), 'disposition' ON CONFLICT DO NOTHING`,
        [letterId, targets],
      );
      await tx.query(
        `INSERT INTO notification (position_id, letter_id, kind, message) SELECT unnest($1::uuid[]), $2, 'disposition', $3`,
        [targets, letterId, `Disposisi: ${letter.subject}`.slice(0, 500)],
      );
      return { from, event };
    };

    await this.run(letterId, principal, ability, write, (plan) => (plan.event ? { event: plan.event, asPositionId: plan.from, comment: dto.note } : null));
    const all = await this.rows(this.db.manager, letterId);
    return all.filter((r) => ids.includes(r.id)).map((r) => this.toView(r));
  }

  /**
   * The disposition tree. The addressee, the registrar and others who see the whole letter get
   * every branch; a position that only takes part as a disposition recipient gets the branches
   * it received. Opening it records the read receipt of the caller's unread dispositions.
   */
  async tree(letterId: string, principal: PersonPrincipal, ability: AppAbility): Promise<{ letterId: string; dispositions: DispositionView[] }> {
    const letter = await this.workflow.loadVisible(this.db.manager, letterId, ability);
    const acting = actingPositionIds(principal);
    await this.db.query(
      `UPDATE disposition SET status = 'read', read_at = now(), read_by_person_id = $3 WHERE letter_id = $1 AND to_position_id = ANY($2::uuid[]) AND status = 'sent'`,
      [letterId, acting, principal.personId],
    );
    const rows = await this.rows(this.db.manager, letterId);
    const views = new Map(rows.map((r) => [r.id, this.toView(r)]));
    const roots: DispositionView[] = [];
    for (const v of views.values()) {
      const parent = v.parentId ? views.get(v.parentId) : undefined;
      if (parent) parent.children.push(v);
      else roots.push(v);
    }
    if (await this.seesWholeTree(letter, principal)) return { letterId, dispositions: roots };
    // Branches the caller received, each once (not again inside a branch already included).
    const mine = [...views.values()].filter((v) => acting.includes(v.toPositionId));
    const ancestorsMine = (v: DispositionView): boolean => {
      let parent = v.parentId ? views.get(v.parentId) : undefined;
      while (parent) {
        if (acting.includes(parent.toPositionId)) return true;
        parent = parent.parentId ? views.get(parent.parentId) : undefined;
      }
      return false;
    };
    return { letterId, dispositions: mine.filter((v) => !ancestorsMine(v)) };
  }

  /** Read receipt (tanda terima baca) by the recipient. */
  async read(id: string, principal: PersonPrincipal, ability: AppAbility): Promise<DispositionView> {
    const row = await this.visibleRow(id, ability);
    if (!actingPositionIds(principal).includes(row.to_position_id)) {
      throw new CorrespondenceError(CorrespondenceErrorCode.NOT_THE_RECIPIENT, 'Only the recipient confirms reading a disposition');
    }
    if (row.status === DispositionStatus.Recalled) throw new CorrespondenceError(CorrespondenceErrorCode.DISPOSITION_NOT_OPEN, 'The disposition was recalled');
    await this.db.query(`UPDATE disposition SET status = 'read', read_at = now(), read_by_person_id = $2 WHERE id = $1 AND status = 'sent'`, [id, principal.personId]);
    return this.one(id);
  }

  /** Recalls a disposition its recipient has not read yet. */
  async recall(id: string, principal: PersonPrincipal, ability: AppAbility): Promise<DispositionView> {
    const row = await this.visibleRow(id, ability);
    if (!actingPositionIds(principal).includes(row.from_position_id)) {
      throw new CorrespondenceError(CorrespondenceErrorCode.NOT_THE_SENDER, 'Only the sender recalls a disposition');
    }
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM letter WHERE id = $1 FOR NO KEY UPDATE', [row.letter_id]);
      // An UPDATE answers [rows, count].
      const [changed]: [unknown[], number] = await tx.query(
        `UPDATE disposition SET status = 'recalled', recalled_at = now() WHERE id = $1 AND status = 'sent' AND read_at IS NULL RETURNING id`,
        [id],
      );
      if (changed.length === 0) {
        const [now] = await tx.query('SELECT status FROM disposition WHERE id = $1', [id]);
        if (now.status === DispositionStatus.Recalled) throw new CorrespondenceError(CorrespondenceErrorCode.DISPOSITION_NOT_OPEN, 'Already recalled');
        throw new CorrespondenceError(CorrespondenceErrorCode.ALREADY_READ, 'The recipient has read it; it can no longer be recalled');
      }
      // The position leaves the letter unless another live disposition still names it.
      await tx.query(
        `DELETE FROM letter_participant lp WHERE lp.letter_id = $1 AND lp.position_id = $2 AND lp.role = 'disposition'
           AND NOT EXISTS (SELECT 1 FROM disposition d WHERE d.letter_id = $1 AND d.to_position_id = $2 AND d.status <> 'recalled')`,
        [row.letter_id, row.to_position_id],
      );
      await this.syncAssignments(tx, row.letter_id);
    });
    return this.one(id);
  }

  /** Laporan tindak lanjut; when every branch from the addressee has reported, the letter moves to "followed_up". */
  async report(id: string, dto: ReportDispositionDto, attachment: UploadedAttachment | undefined, principal: PersonPrincipal, ability: AppAbility): Promise<DispositionView> {
    const row = await this.visibleRow(id, ability);
    this.assertRecipient(row, principal);
    if (attachment && attachment.size > 0) await inspectPdf(attachment.buffer, { maxBytes: this.config.UPLOAD_LIMIT_BYTES });
    await this.finish(row, principal, ability, DispositionStatus.Reported, dto.text, async (tx) => {
      const object =
        attachment && attachment.size > 0
          ? await this.storage.put(attachment.buffer, { purpose: 'disposition-report', contentType: 'application/pdf', originalName: attachment.originalname ?? null }, tx)
          : undefined;
      await tx.query(
        `UPDATE disposition SET status = 'reported', report = $2, report_object_id = $3, reported_at = now(), reported_by_person_id = $4, read_at = COALESCE(read_at, now())
          WHERE id = $1`,
        [id, dto.text, object?.id ?? null, principal.personId],
      );
      await tx.query(`INSERT INTO notification (position_id, letter_id, kind, message) VALUES ($1, $2, 'disposition_report', $3)`, [
        row.from_position_id,
        row.letter_id,
        `Laporan tindak lanjut disposisi: ${dto.text}`.slice(0, 500),
      ]);
    });
    return this.one(id);
  }

  /** The PDF attached to a report, for whoever may see the letter (a download, audited as one). */
  async reportAttachment(id: string, ability: AppAbility): Promise<StreamableFile> {
    const row = await this.visibleRow(id, ability);
    if (!row.report_object_id) throw new CorrespondenceError(CorrespondenceErrorCode.REPORT_ATTACHMENT_NOT_FOUND, 'This disposition has no report attachment');
    const [letter] = await this.db.query('SELECT sifat FROM letter WHERE id = $1', [row.letter_id]);
    await this.audit.download(this.db, row.letter_id, { type: 'disposition_report', id: row.report_object_id }, { sifat: letter.sifat });
    const { object, stream } = await this.storage.getStream(row.report_object_id);
    return new StreamableFile(stream, { type: 'application/pdf', length: object.size, disposition: `attachment; filename="laporan-disposisi.pdf"` });
  }

  /** The recipient marks their branch done (selesai). */
  async done(id: string, principal: PersonPrincipal, ability: AppAbility): Promise<DispositionView> {
    const row = await this.visibleRow(id, ability);
    this.assertRecipient(row, principal);
    await this.finish(row, principal, ability, DispositionStatus.Done, 'Disposisi dinyatakan selesai', async (tx) => {
      await tx.query(`UPDATE disposition SET status = 'done', done_at = now(), read_at = COALESCE(read_at, now()) WHERE id = $1`, [id]);
    });
    return this.one(id);
  }

  /** Writes the report or done mark and, when it closes the last open branch of the addressee, fires `report`. */
  private async finish(
    row: DispositionRow,
    principal: PersonPrincipal,
    ability: AppAbility,
    status: DispositionStatus,
    note: string,
    update: (tx: EntityManager) => Promise<void>,
  ): Promise<void> {
    const allowedFrom: readonly string[] = status === DispositionStatus.Done ? [...OPEN, DispositionStatus.Reported] : OPEN;
    const write = async (tx: EntityManager, letter: LetterEntity): Promise<{ closesLetter: boolean }> => {
      const [current] = await tx.query('SELECT status FROM disposition WHERE id = $1', [row.id]);
      if (!allowedFrom.includes(current.status)) throw new CorrespondenceError(CorrespondenceErrorCode.DISPOSITION_NOT_OPEN, `The disposition is ${current.status}`);
      await update(tx);
      const [{ open }] = await tx.query(
        `SELECT count(*)::int AS open FROM disposition WHERE letter_id = $1 AND parent_id IS NULL AND status <> ALL($2::text[]) AND status <> 'recalled'`,
        [row.letter_id, FINISHED],
      );
      return { closesLetter: open === 0 && letter.state === 'disposed' };
    };
    await this.run(row.letter_id, principal, ability, write, (plan) => (plan.closesLetter ? { event: 'report', asPositionId: row.to_position_id, comment: note } : null));
  }

  /**
   * Runs `write` and the workflow event it calls for (if any) in one transaction on the locked
   * letter, then brings the inbox in line with the open dispositions.
   */
  private async run<P>(
    letterId: string,
    principal: PersonPrincipal,
    ability: AppAbility,
    write: (tx: EntityManager, letter: LetterEntity) => Promise<P>,
    eventOf: (plan: P) => { event: string; asPositionId: string; comment?: string } | null,
  ): Promise<void> {
    await this.workflow.fireWith(
      letterId,
      principal,
      ability,
      async (tx, letter) => eventOf(await write(tx, letter)),
      (tx) => this.syncAssignments(tx, letterId),
    );
  }

  /**
   * Inbox entries of disposition recipients: `follow_up` while a disposition to them is open and
   * the letter is being followed up; nothing once they reported, finished or were recalled.
   */
  private async syncAssignments(tx: EntityManager, letterId: string): Promise<void> {
    await tx.query(
      `DELETE FROM letter_assignment a WHERE a.letter_id = $1 AND a.kind IN ('dispose', 'follow_up')
         AND NOT EXISTS (SELECT 1 FROM letter_participant lp WHERE lp.letter_id = $1 AND lp.position_id = a.position_id AND lp.role = 'addressee')`,
      [letterId],
    );
    await tx.query(
      `INSERT INTO letter_assignment (letter_id, position_id, kind)
       SELECT DISTINCT d.letter_id, d.to_position_id, 'follow_up' FROM disposition d JOIN letter l ON l.id = d.letter_id
        WHERE d.letter_id = $1 AND d.status IN ('sent', 'read') AND l.state = 'disposed'
       ON CONFLICT DO NOTHING`,
      [letterId],
    );
  }

  private async seesWholeTree(letter: LetterEntity, principal: PersonPrincipal): Promise<boolean> {
    if (letter.drafterPersonId === principal.personId) return true;
    if (principal.roles.includes(Role.Archivist)) return true;
    const [row] = await this.db.query(
      `SELECT 1 FROM letter_participant WHERE letter_id = $1 AND position_id = ANY($2::uuid[]) AND role <> 'disposition' LIMIT 1`,
      [letter.id, actingPositionIds(principal)],
    );
    return Boolean(row);
  }

  /** Every target must sit below `from` in the hierarchy (its chain of superiors reaches it). */
  private async assertBelow(tx: EntityManager, targets: string[], from: string): Promise<void> {
    const known: { id: string }[] = await tx.query('SELECT id FROM position WHERE id = ANY($1::uuid[])', [targets]);
    const missing = targets.filter((t) => !known.some((k) => k.id === t));
    if (missing.length > 0) throw new CorrespondenceError(CorrespondenceErrorCode.POSITION_NOT_FOUND, 'Unknown position(s)', { positionIds: missing });
    const below: { start: string }[] = await tx.query(
      `WITH RECURSIVE up AS (
         SELECT id AS start, superior_id, 1 AS depth FROM position WHERE id = ANY($1::uuid[])
         UNION ALL
         SELECT up.start, p.superior_id, up.depth + 1 FROM up JOIN position p ON p.id = up.superior_id WHERE up.depth < 30)
       SELECT DISTINCT start FROM up WHERE superior_id = $2`,
      [targets, from],
    );
    const notBelow = targets.filter((t) => !below.some((b) => b.start === t));
    if (notBelow.length > 0) {
      throw new CorrespondenceError(CorrespondenceErrorCode.NOT_A_SUBORDINATE, 'A disposition goes to positions below the disposer', { positionIds: notBelow });
    }
  }

  private assertIncoming(letter: LetterEntity): void {
    if (letter.kind !== LetterKind.Incoming) throw new CorrespondenceError(CorrespondenceErrorCode.NOT_AN_INCOMING_LETTER, 'Only incoming letters are disposed');
  }

  private assertRecipient(row: DispositionRow, principal: PersonPrincipal): void {
    if (!actingPositionIds(principal).includes(row.to_position_id)) {
      throw new CorrespondenceError(CorrespondenceErrorCode.NOT_THE_RECIPIENT, 'Only the recipient of the disposition does this');
    }
  }

  private closed(letter: LetterEntity): CorrespondenceError {
    return new CorrespondenceError(CorrespondenceErrorCode.LETTER_CLOSED, `A letter in state "${letter.state}" is not being disposed`);
  }

  private async positionsWithRole(tx: EntityManager, letterId: string, role: string): Promise<string[]> {
    const rows: { position_id: string }[] = await tx.query('SELECT position_id FROM letter_participant WHERE letter_id = $1 AND role = $2', [letterId, role]);
    return rows.map((r) => r.position_id);
  }

  /** A disposition on a letter the caller may see; otherwise it does not exist for them. */
  private async visibleRow(id: string, ability: AppAbility): Promise<DispositionRow> {
    const [row] = await this.db.query('SELECT * FROM disposition WHERE id = $1', [id]);
    if (!row) throw this.notFound(id);
    try {
      await this.workflow.loadVisible(this.db.manager, row.letter_id, ability);
    } catch {
      throw this.notFound(id);
    }
    return row;
  }

  private async loadRow(tx: EntityManager, id: string, letterId: string): Promise<DispositionRow> {
    const [row] = await tx.query('SELECT * FROM disposition WHERE id = $1 AND letter_id = $2', [id, letterId]);
    if (!row) throw this.notFound(id);
    return row;
  }

  private notFound(id: string): CorrespondenceError {
    return new CorrespondenceError(CorrespondenceErrorCode.DISPOSITION_NOT_FOUND, `Disposition ${id} not found`);
  }

  private rows(manager: EntityManager, letterId: string): Promise<DispositionRow[]> {
    return manager.query(
      `SELECT d.*, pf.name AS from_name, pt.name AS to_name FROM disposition d
         JOIN position pf ON pf.id = d.from_position_id JOIN position pt ON pt.id = d.to_position_id
        WHERE d.letter_id = $1 ORDER BY d.created_at, pt.name`,
      [letterId],
    );
  }

  private async one(id: string): Promise<DispositionView> {
    const [row] = await this.db.query(
      `SELECT d.*, pf.name AS from_name, pt.name AS to_name FROM disposition d
         JOIN position pf ON pf.id = d.from_position_id JOIN position pt ON pt.id = d.to_position_id WHERE d.id = $1`,
      [id],
    );
    return this.toView(row);
  }

  private toView(r: DispositionRow): DispositionView {
    return {
      id: r.id,
      parentId: r.parent_id,
      fromPositionId: r.from_position_id,
      fromPositionName: r.from_name,
      toPositionId: r.to_position_id,
      toPositionName: r.to_name,
      instructions: r.instructions.map((key) => ({ key, label: this.instructions.label(key) })),
      note: r.note,
      dueAt: r.due_at,
      overdue: Boolean(r.due_at && OPEN.includes(r.status) && new Date(r.due_at).getTime() < Date.now()),
      status: r.status,
      readAt: r.read_at,
      recalledAt: r.recalled_at,
      reportedAt: r.reported_at,
      report: r.report,
      reportAttachmentId: r.report_object_id,
      doneAt: r.done_at,
      createdAt: r.created_at,
      children: [],
    };
  }
}
