import { randomUUID } from 'node:crypto';
import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LetterTextService } from '../../archive/ocr/letter-text.service';
import { AuditService } from '../../audit/audit.service';
import { wibDate } from '../../common/time/wib';
import { actingPositionIds, PersonPrincipal } from '../../records/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { AppConfig } from '../../config/app-config';
import { inspectPdf } from '../../documents/pdf/pdf-inspector';
import { Role } from '../../records/person.entity';
import { StorageService } from '../../storage/storage.service';
import { LetterWorkflowService } from '../../workflow/letter-workflow.service';
import { WorkflowRegistry } from '../../workflow/workflow-registry.service';
import { LetterKind, Sifat, Urgency } from '../../records/letter.entity';
import { visibleLettersSql } from '../letter-access';
import { LettersService, LetterView } from '../letters.service';
import { CorrespondenceError, CorrespondenceErrorCode } from './correspondence.errors';
import { IncomingListDto } from './dto/incoming-letter.dto';
import { IncomingListQuery } from './dto/incoming-list.query';
import { RegisterIncomingDto } from './dto/register-incoming.dto';
import { IncomingDetailsDto } from './dto/incoming-letter.dto';

export const INCOMING_WORKFLOW = 'surat-masuk';

export interface UploadedScan {
  buffer: Buffer;
  originalname?: string;
  size: number;
}

export type IncomingDetails = IncomingDetailsDto;

/** Normalises a sender's number for the duplicate check: case, spaces and separators around '/'. */
export const senderNumberKey = (n: string): string => n.trim().toUpperCase().replace(/\s+/g, '').slice(0, 120);

/**
 * Surat masuk: TU registers a received letter with its scan, an agenda number from the
 * unit's yearly counter, and the sender's data; the letter starts on the surat-masuk
 * workflow and waits in the addressee's inbox for a disposition.
 */
@Injectable()
export class IncomingLettersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workflow: LetterWorkflowService,
    private readonly registry: WorkflowRegistry,
    private readonly letters: LettersService,
    private readonly storage: StorageService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly texts: LetterTextService,
  ) {}

  async register(
    dto: RegisterIncomingDto,
    scan: UploadedScan | undefined,
    principal: PersonPrincipal,
    ability: AppAbility,
  ): Promise<LetterView & { incoming: IncomingDetails }> {
    if (!principal.roles.includes(Role.Registrar)) {
      throw new CorrespondenceError(CorrespondenceErrorCode.NOT_A_REGISTRAR, 'Only the tata usaha (registrar) registers incoming letters');
    }
    const registrarPosition = this.registrarPosition(principal, dto.asPositionId);
    if (!scan || scan.size === 0) throw new CorrespondenceError(CorrespondenceErrorCode.SCAN_REQUIRED, 'Attach the scanned letter as a PDF in the field "scan"');
    // A damaged or encrypted scan is refused before anything is stored.
    await inspectPdf(scan.buffer, { maxBytes: this.config.UPLOAD_LIMIT_BYTES });
    // A letter cannot be dated after the day it reached TU (WIB): such a date is a typing slip.
    if (dto.senderDate > wibDate(dto.receivedAt ? new Date(dto.receivedAt) : new Date())) {
      throw new CorrespondenceError(CorrespondenceErrorCode.SENDER_DATE_IN_FUTURE, 'The sender\'s date is after the day the letter was received', { field: 'senderDate' });
    }
    const registered = this.registry.latest(INCOMING_WORKFLOW);
    if (!registered) throw new CorrespondenceError(CorrespondenceErrorCode.NOT_AN_INCOMING_LETTER, `The ${INCOMING_WORKFLOW} workflow is not installed`);
    const receivedAt = dto.receivedAt ? new Date(dto.receivedAt) : new Date();
    const key = senderNumberKey(dto.senderNumber);

    const id = await this.db.transaction(async (tx) => {
      const [registrar] = await tx.query('SELECT unit_id FROM position WHERE id = $1', [registrarPosition]);
      const unitId: string = registrar.unit_id;
      const [addressee] = await tx.query('SELECT id FROM position WHERE id = $1', [dto.addresseePositionId]);
      if (!addressee) throw new CorrespondenceError(CorrespondenceErrorCode.ADDRESSEE_NOT_FOUND, 'Unknown addressee position', { positionId: dto.addresseePositionId });

      // Two registrars entering the same letter at once: the second one sees the first.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`incoming:${unitId}:${key}:${dto.senderDate}`]);
      const [existing] = await tx.query(
        `SELECT il.letter_id, il.agenda_number, il.received_at FROM incoming_letter il JOIN letter l ON l.id = il.letter_id
          WHERE il.unit_id = $1 AND il.sender_number_key = $2 AND il.sender_date = $3 AND l.state <> 'cancelled'
          ORDER BY il.created_at LIMIT 1`,
        [unitId, key, dto.senderDate],
      );
      if (existing && !dto.confirmDuplicate) {
        throw new CorrespondenceError(
          CorrespondenceErrorCode.DUPLICATE_INCOMING,
          `A letter with number ${dto.senderNumber} of ${dto.senderDate} is already on the agenda as ${existing.agenda_number}; send confirmDuplicate=true to register it again`,
          { letterId: existing.letter_id, agendaNumber: existing.agenda_number, receivedAt: existing.received_at },
        );
      }

      const year = receivedAt.getUTCFullYear();
      const [{ value: sequence }] = await tx.query(
        `INSERT INTO agenda_counter (register, unit_id, year, value) VALUES ('incoming', $1, $2, 1)
         ON CONFLICT (register, unit_id, year) DO UPDATE SET value = agenda_counter.value + 1, updated_at = now() RETURNING value`,
        [unitId, year],
      );
      const object = await this.storage.put(scan.buffer, { purpose: 'incoming-scan', contentType: 'application/pdf', originalName: scan.originalname ?? null }, tx);

      // The letter (in the registrar's unit) and its start in one statement; the workflow's
      // `positionOf: addressee` reads the participants it names. The addressee was checked above.
      const created = await this.workflow.create(
        tx,
        {
          id: randomUUID(),
          columns: {
            kind: LetterKind.Incoming,
            workflow_key: INCOMING_WORKFLOW,
            workflow_definition_id: registered.id,
            route_plans: {},
            subject: dto.subject,
            sifat: dto.sifat ?? Sifat.Biasa,
            urgency: dto.urgency ?? Urgency.Biasa,
            classification_code: dto.classificationCode ?? null,
            drafter_person_id: principal.personId,
            drafter_position_id: registrarPosition,
            body: { paragraphs: [], externalRecipients: [], hasPdf: true },
          },
          positions: { all: [], signers: [] },
          participants: [
            { positionId: dto.addresseePositionId, role: 'addressee', ordinal: 0 },
            { positionId: registrarPosition, role: 'drafter', ordinal: 0 },
          ],
        },
        { kind: 'person', principal },
        {},
      );
      if (created.refusal) throw new Error('An incoming letter names no positions for its statement to refuse');
      const { letter } = created;
      await tx.query(
        `INSERT INTO incoming_letter (letter_id, unit_id, agenda_year, agenda_sequence, agenda_number, sender_name, sender_address, sender_number,
                                      sender_number_key, sender_date, received_at, scan_object_id, duplicate_of_letter_id, registered_by_person_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          letter.id,
          unitId,
          year,
          sequence,
          `${sequence}/${year}`,
          dto.senderName,
          dto.senderAddress ?? null,
          dto.senderNumber.trim(),
          key,
          dto.senderDate,
          receivedAt,
          object.id,
          existing?.letter_id ?? null,
          principal.personId,
        ],
      );
      // Its text (text layer or OCR) is read by the `ocr` queue, never in this request.
      await this.texts.track(tx, letter.id, object.id, null);
      return letter.id;
    });
    this.texts.kick();
    return { ...(await this.letters.view(id, principal, ability)), incoming: await this.details(this.db.manager, id) };
  }

  /**
   * The incoming letters the caller may see (the same rule as every list, in SQL), newest
   * received first, each with whether the caller has to act on it (dispose or follow up).
   */
  async list(q: IncomingListQuery, principal: PersonPrincipal): Promise<IncomingListDto> {
    const access = visibleLettersSql(principal, 'l', 1);
    const n = access.params.length;
    const params: unknown[] = [...access.params, actingPositionIds(principal)];
    let filter = '';
    if (q.needsAction) filter = `AND EXISTS (SELECT 1 FROM letter_assignment a WHERE a.letter_id = l.id AND a.position_id = ANY($${n + 1}::uuid[]))`;
    const where = `l.kind = 'incoming' AND ${access.sql} ${filter}`;
    const [rows, [{ total }]] = await Promise.all([
      this.db.query(
        `SELECT l.id, il.agenda_number AS "agendaNumber", il.sender_name AS "senderName", il.sender_number AS "senderNumber",
                to_char(il.sender_date, 'YYYY-MM-DD') AS "senderDate", il.received_at AS "receivedAt", l.subject, l.sifat, l.urgency, l.state,
                l.workflow_definition_id AS "workflowDefinitionId", l.overdue, il.duplicate_of_letter_id IS NOT NULL AS "possibleDuplicate",
                (SELECT string_agg(p.name, '; ' ORDER BY p.name) FROM letter_participant lp JOIN position p ON p.id = lp.position_id
                  WHERE lp.letter_id = l.id AND lp.role = 'addressee') AS addressee,
                EXISTS (SELECT 1 FROM letter_assignment a WHERE a.letter_id = l.id AND a.position_id = ANY($${n + 1}::uuid[])) AS "needsAction"
           FROM letter l JOIN incoming_letter il ON il.letter_id = l.id
          WHERE ${where}
          ORDER BY il.received_at DESC, il.agenda_sequence DESC LIMIT $${n + 2} OFFSET $${n + 3}`,
        [...params, q.limit, (q.page - 1) * q.limit],
      ),
      // The count names the acting positions only when the filter does (an unused parameter has no type).
      this.db.query(`SELECT count(*)::int AS total FROM letter l WHERE ${where}`, q.needsAction ? params : access.params),
    ]);
    const items = await Promise.all(
      rows.map(async ({ workflowDefinitionId, ...row }: Record<string, any>) => {
        const { definition } = (await this.registry.definition(workflowDefinitionId)).workflow;
        return { ...row, stateLabel: definition.states[row.state]?.label ?? row.state };
      }),
    );
    return { items: items as IncomingListDto['items'], total, page: q.page, limit: q.limit };
  }

  /** The letter with its agenda entry. */
  async get(id: string, principal: PersonPrincipal, ability: AppAbility): Promise<LetterView & { incoming: IncomingDetails }> {
    const view = await this.letters.view(id, principal, ability);
    if (view.kind !== LetterKind.Incoming) throw new CorrespondenceError(CorrespondenceErrorCode.NOT_AN_INCOMING_LETTER, 'Not an incoming letter');
    return { ...view, incoming: await this.details(this.db.manager, id) };
  }

  /** The scanned PDF, for whoever may see the letter. */
  async scan(id: string, ability: AppAbility): Promise<StreamableFile> {
    const letter = await this.workflow.loadVisible(this.db.manager, id, ability);
    const details = await this.details(this.db.manager, id);
    await this.audit.download(this.db, id, { type: 'incoming_scan', id: details.scanObjectId }, { sifat: letter.sifat });
    const { object, stream } = await this.storage.getStream(details.scanObjectId);
    return new StreamableFile(stream, {
      type: 'application/pdf',
      length: object.size,
      disposition: `inline; filename="surat-masuk-${details.agendaSequence}-${details.agendaYear}.pdf"`,
    });
  }

  private async details(manager: EntityManager, letterId: string): Promise<IncomingDetails> {
    const [row] = await manager.query(
      `SELECT agenda_number AS "agendaNumber", agenda_year AS "agendaYear", agenda_sequence AS "agendaSequence", unit_id AS "unitId",
              sender_name AS "senderName", sender_address AS "senderAddress", sender_number AS "senderNumber",
              to_char(sender_date, 'YYYY-MM-DD') AS "senderDate", received_at AS "receivedAt", scan_object_id AS "scanObjectId",
              duplicate_of_letter_id AS "duplicateOfLetterId"
         FROM incoming_letter WHERE letter_id = $1`,
      [letterId],
    );
    if (!row) throw new CorrespondenceError(CorrespondenceErrorCode.NOT_AN_INCOMING_LETTER, 'Not an incoming letter');
    return { ...row, scanText: (await this.texts.statuses(manager, [row.scanObjectId])).get(row.scanObjectId) ?? null };
  }

  private registrarPosition(principal: PersonPrincipal, asPositionId?: string): string {
    const acting = actingPositionIds(principal);
    if (asPositionId) {
      if (!acting.includes(asPositionId)) throw new CorrespondenceError(CorrespondenceErrorCode.NO_POSITION, 'You neither hold nor stand in for that position');
      return asPositionId;
    }
    const first = principal.positions[0]?.positionId;
    if (!first) throw new CorrespondenceError(CorrespondenceErrorCode.NO_POSITION, 'You hold no position to register letters as');
    return first;
  }
}
