import { Injectable } from '@nestjs/common';
import { ReadReplicas } from '../../database/read-replicas';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, AuditService } from '../../audit/audit.service';
import { PersonPrincipal } from '../../records/principal';
import { ClassificationCodes } from '../../classification/classification-codes';
import { WIB_TIME_ZONE, wibDate } from '../../common/time/wib';
import { MASKED_SUBJECT } from '../../letters/agenda/agenda.service';
import { CONFIDENTIAL_SIFAT } from '../../records/letter.entity';
import { OutboxService } from '../../workflow/outbox/outbox.service';
import { archiveVisibleLettersSql, berkasScopeSql, isArchivist } from '../archive-access';
import { ArchiveError, ArchiveErrorCode } from '../archive.errors';
import { EVENT_TRIGGERS, FINAL_DISPOSITION_LABEL, FinalDisposition, RETENTION_TRIGGER_LABEL, RetentionTrigger } from '../../classification/jra/jra';
import { JraSchedule } from '../../classification/jra/jra-schedule';
import { assertNoLegalHold } from '../retention/legal-hold';
import { dueDates } from '../retention/retention-dates';
import { BERKAS_STATUS_LABEL, BerkasStatus, DEVELOPMENT_LEVEL_LABEL, DevelopmentLevel } from '../../records/berkas.entity';
import { AddBerkasItemsDto, BerkasListQuery, CloseBerkasDto, CreateBerkasDto, MoveToInactiveDto, UpdateBerkasDto } from './dto/berkas-input.dto';
import { BerkasDetailDto, BerkasDto, BerkasItemDto, BerkasPageDto, LegalHoldDto } from './dto/berkas.dto';

/** A berkas row as the archive's statements read it (columns of `berkas` in camelCase). */
export interface BerkasRow {
  id: string;
  unitId: string;
  number: number;
  classificationCode: string;
  title: string;
  periodFrom: string | null;
  periodTo: string | null;
  location: string | null;
  developmentLevel: DevelopmentLevel;
  status: BerkasStatus;
  jraVersion: string;
  activeYears: number;
  inactiveYears: number;
  retentionTrigger: RetentionTrigger;
  finalDisposition: FinalDisposition;
  triggerOccurredOn: string | null;
  clockStartedOn: string | null;
  activeUntil: string | null;
  inactiveUntil: string | null;
  createdOn: string;
  closedOn: string | null;
}

/** Every berkas column, dates as YYYY-MM-DD text (WIB days for the instants), for `b`. */
export const BERKAS_COLUMNS = `b.id, b.unit_id AS "unitId", b.number, b.classification_code AS "classificationCode", b.title,
  to_char(b.period_from, 'YYYY-MM-DD') AS "periodFrom", to_char(b.period_to, 'YYYY-MM-DD') AS "periodTo", b.location,
  b.development_level AS "developmentLevel", b.status, b.jra_version AS "jraVersion", b.active_years AS "activeYears",
  b.inactive_years AS "inactiveYears", b.retention_trigger AS "retentionTrigger", b.final_disposition AS "finalDisposition",
  to_char(b.trigger_occurred_on, 'YYYY-MM-DD') AS "triggerOccurredOn", to_char(b.clock_started_on, 'YYYY-MM-DD') AS "clockStartedOn",
  to_char(b.active_until, 'YYYY-MM-DD') AS "activeUntil", to_char(b.inactive_until, 'YYYY-MM-DD') AS "inactiveUntil",
  to_char(b.created_at AT TIME ZONE '${WIB_TIME_ZONE}', 'YYYY-MM-DD') AS "createdOn",
  to_char(b.closed_at AT TIME ZONE '${WIB_TIME_ZONE}', 'YYYY-MM-DD') AS "closedOn"`;

/** The view columns beside BERKAS_COLUMNS: unit name, item count and years of its letters, the hold in force, the instants. */
const VIEW_COLUMNS = `u.name AS "unitName", b.closed_at AS "closedAt", b.inactive_at AS "inactiveAt", b.created_at AS "createdAt",
  (SELECT count(*)::int FROM berkas_item i WHERE i.berkas_id = b.id) AS "itemCount",
  (SELECT concat_ws('-', min(extract(year FROM d))::int, nullif(max(extract(year FROM d))::int, min(extract(year FROM d))::int))
     FROM berkas_item i JOIN letter l ON l.id = i.letter_id LEFT JOIN incoming_letter il ON il.letter_id = l.id
     CROSS JOIN LATERAL (SELECT coalesce(l.numbered_at, il.received_at, l.created_at) AT TIME ZONE '${WIB_TIME_ZONE}' AS d) x
    WHERE i.berkas_id = b.id) AS "itemYears",
  (SELECT row_to_json(h) FROM (SELECT lh.id, lh.reason, lh.placed_by_person_id AS "placedByPersonId", pp.name AS "placedByName", lh.placed_at AS "placedAt",
          lh.lifted_at AS "liftedAt", lh.lifted_by_person_id AS "liftedByPersonId", NULL AS "liftedByName", lh.lift_reason AS "liftReason"
     FROM berkas_legal_hold lh JOIN person pp ON pp.id = lh.placed_by_person_id WHERE lh.berkas_id = b.id AND lh.lifted_at IS NULL) h) AS "legalHold"`;

type ViewRow = BerkasRow & { unitName: string; closedAt: Date | null; inactiveAt: Date | null; createdAt: Date; itemCount: number; itemYears: string | null; legalHold: LegalHoldDto | null };

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/**
 * Pemberkasan: berkas of a unit, the letters filed in them, closing, the move to inactive.
 * Kept by archivists (every unit) and the TU of the unit (archive-access.ts); a letter is filed
 * only by someone who may see it. The berkas API that disposal (usul musnah, serah) builds on:
 * lockManaged, setStatus, letterIds and indexLetters.
 */
@Injectable()
export class BerkasService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reads: ReadReplicas,
    private readonly codes: ClassificationCodes,
    private readonly jra: JraSchedule,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateBerkasDto, principal: PersonPrincipal): Promise<BerkasDetailDto> {
    const unitId = dto.unitId ?? principal.positions[0]?.unitId;
    if (!unitId) throw new ArchiveError(ArchiveErrorCode.NO_POSITION, 'Name a unit: you hold no position');
    const code = this.codes.get(dto.classificationCode);
    const retention = this.jra.retention(dto.classificationCode);
    if (!code || !retention) throw new ArchiveError(ArchiveErrorCode.CLASSIFICATION_NOT_FOUND, `Classification code ${dto.classificationCode} is not in the list`);
    assertPeriod(dto.periodFrom ?? null, dto.periodTo ?? null);
    const id = await this.db.transaction(async (tx) => {
      await this.assertKeepsUnit(tx, unitId, principal);
      // Nomor berkas runs per unit: one creation at a time per unit takes the next.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('berkas-number:' || $1, 0))`, [unitId]);
      const [row] = await tx.query(
        `INSERT INTO berkas (unit_id, number, classification_code, title, period_from, period_to, location, development_level,
                             jra_version, active_years, inactive_years, retention_trigger, final_disposition, created_by_person_id)
         SELECT $1, coalesce(max(number), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 FROM berkas WHERE unit_id = $1
         RETURNING id`,
        [
          unitId,
          code.code,
          dto.title.trim(),
          dto.periodFrom ?? null,
          dto.periodTo ?? null,
          dto.location ?? null,
          dto.developmentLevel ?? DevelopmentLevel.Original,
          this.jra.version,
          retention.activeYears,
          retention.inactiveYears,
          retention.trigger,
          retention.disposition,
          principal.personId,
        ],
      );
      const berkas = await this.lockManaged(tx, row.id, principal);
      await this.writeDueDates(tx, berkas);
      await this.audit.record(tx, { action: AuditAction.BerkasCreate, object: { type: 'berkas', id: row.id }, details: { unitId, classificationCode: code.code, jraVersion: this.jra.version } });
      if (dto.letterIds?.length) await this.fileLetters(tx, berkas, dto.letterIds, principal);
      return row.id as string;
    });
    this.outbox.kick();
    return this.get(id, principal);
  }

  async list(q: BerkasListQuery, principal: PersonPrincipal): Promise<BerkasPageDto> {
    const scope = berkasScopeSql(principal, 'b', 1);
    const params: unknown[] = [...scope.params];
    const where = [scope.sql];
    if (q.unitId) where.push(`b.unit_id = $${params.push(q.unitId)}`);
    if (q.status) where.push(`b.status = $${params.push(q.status)}`);
    if (q.classificationCode) where.push(`(b.classification_code = $${params.push(q.classificationCode)} OR b.classification_code LIKE $${params.length} || '.%')`);
    const [{ total }] = await this.reads.query(principal, `SELECT count(*)::int AS total FROM berkas b WHERE ${where.join(' AND ')}`, params);
    const rows: ViewRow[] = await this.reads.query(principal,
      `SELECT ${BERKAS_COLUMNS}, ${VIEW_COLUMNS} FROM berkas b JOIN unit u ON u.id = b.unit_id
        WHERE ${where.join(' AND ')} ORDER BY u.name, b.number LIMIT $${params.push(q.limit ?? 50)} OFFSET $${params.push(q.offset ?? 0)}`,
      params,
    );
    return { items: rows.map((r) => this.view(r)), total };
  }

  /** Berkas by id, in the order given, for lists already scoped by the caller (due lists, daftar arsip). */
  async listByIds(ids: string[]): Promise<BerkasDto[]> {
    const rows: ViewRow[] = await this.db.query(
      `SELECT ${BERKAS_COLUMNS}, ${VIEW_COLUMNS} FROM unnest($1::uuid[]) WITH ORDINALITY AS k(id, n) JOIN berkas b ON b.id = k.id JOIN unit u ON u.id = b.unit_id ORDER BY k.n`,
      [ids],
    );
    return rows.map((r) => this.view(r));
  }

  async get(id: string, principal: PersonPrincipal): Promise<BerkasDetailDto> {
    const scope = berkasScopeSql(principal, 'b', 2);
    const [row]: ViewRow[] = await this.db.query(`SELECT ${BERKAS_COLUMNS}, ${VIEW_COLUMNS} FROM berkas b JOIN unit u ON u.id = b.unit_id WHERE b.id = $1 AND ${scope.sql}`, [id, ...scope.params]);
    if (!row) throw notFound(id);
    const access = archiveVisibleLettersSql(principal, 'l', 3);
    const items: BerkasItemDto[] = await this.db.query(
      `SELECT l.id AS "letterId", l.kind, coalesce(l.number, il.sender_number) AS number, il.agenda_number AS "agendaNumber",
              CASE WHEN l.sifat = ANY($2::text[]) AND NOT ${access.sql} THEN '${MASKED_SUBJECT}' ELSE l.subject END AS subject, l.sifat,
              to_char(coalesce(l.numbered_at, il.received_at, l.created_at) AT TIME ZONE '${WIB_TIME_ZONE}', 'YYYY-MM-DD') AS date, i.added_at AS "addedAt"
         FROM berkas_item i JOIN letter l ON l.id = i.letter_id LEFT JOIN incoming_letter il ON il.letter_id = l.id
        WHERE i.berkas_id = $1 ORDER BY coalesce(l.numbered_at, il.received_at, l.created_at), l.id`,
      [id, CONFIDENTIAL_SIFAT, ...access.params],
    );
    const holds: LegalHoldDto[] = await this.db.query(
      `SELECT lh.id, lh.reason, lh.placed_by_person_id AS "placedByPersonId", pp.name AS "placedByName", lh.placed_at AS "placedAt",
              lh.lifted_at AS "liftedAt", lh.lifted_by_person_id AS "liftedByPersonId", pl.name AS "liftedByName", lh.lift_reason AS "liftReason"
         FROM berkas_legal_hold lh JOIN person pp ON pp.id = lh.placed_by_person_id LEFT JOIN person pl ON pl.id = lh.lifted_by_person_id
        WHERE lh.berkas_id = $1 ORDER BY lh.placed_at`,
      [id],
    );
    return {
      ...this.view(row),
      items: items.map((i) => ({ ...i, addedAt: iso(i.addedAt)! })),
      legalHolds: holds.map((h) => ({ ...h, placedAt: iso(h.placedAt)!, liftedAt: iso(h.liftedAt) })),
    };
  }

  async update(id: string, dto: UpdateBerkasDto, principal: PersonPrincipal): Promise<BerkasDetailDto> {
    await this.db.transaction(async (tx) => {
      const berkas = await this.lockManaged(tx, id, principal);
      if (![BerkasStatus.Open, BerkasStatus.Closed, BerkasStatus.Inactive].includes(berkas.status)) {
        throw new ArchiveError(ArchiveErrorCode.BERKAS_STATE_CONFLICT, `A berkas that is ${BERKAS_STATUS_LABEL[berkas.status]} is no longer edited`, { status: berkas.status });
      }
      const periodFrom = dto.periodFrom ?? berkas.periodFrom;
      const periodTo = dto.periodTo ?? berkas.periodTo;
      assertPeriod(periodFrom, periodTo);
      if (dto.triggerOccurredOn !== undefined) this.assertTriggerDate(berkas, dto.triggerOccurredOn);
      await tx.query(
        `UPDATE berkas SET title = coalesce($2, title), period_from = $3, period_to = $4, location = coalesce($5, location),
                development_level = coalesce($6, development_level), trigger_occurred_on = coalesce($7, trigger_occurred_on), updated_at = now()
          WHERE id = $1`,
        [id, dto.title?.trim() ?? null, periodFrom, periodTo, dto.location ?? null, dto.developmentLevel ?? null, dto.triggerOccurredOn ?? null],
      );
      await this.writeDueDates(tx, await this.lockManaged(tx, id, principal));
      await this.audit.record(tx, { action: AuditAction.BerkasUpdate, object: { type: 'berkas', id }, details: { fields: Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined) } });
      if (dto.title !== undefined) await this.indexLetters(tx, await this.letterIds(tx, [id]));
    });
    this.outbox.kick();
    return this.get(id, principal);
  }

  async addItems(id: string, dto: AddBerkasItemsDto, principal: PersonPrincipal): Promise<BerkasDetailDto> {
    await this.db.transaction(async (tx) => {
      const berkas = await this.lockManaged(tx, id, principal);
      await this.fileLetters(tx, berkas, dto.letterIds, principal);
    });
    this.outbox.kick();
    return this.get(id, principal);
  }

  async removeItem(id: string, letterId: string, principal: PersonPrincipal): Promise<BerkasDetailDto> {
    await this.db.transaction(async (tx) => {
      const berkas = await this.lockManaged(tx, id, principal);
      assertOpen(berkas);
      const [, removed] = await tx.query(`DELETE FROM berkas_item WHERE berkas_id = $1 AND letter_id = $2`, [id, letterId]);
      if (!removed) throw new ArchiveError(ArchiveErrorCode.LETTER_NOT_IN_BERKAS, `Letter ${letterId} is not in this berkas`);
      await this.audit.record(tx, { action: AuditAction.BerkasItemRemove, object: { type: 'berkas', id }, letterId });
      await this.indexLetters(tx, [letterId]);
    });
    this.outbox.kick();
    return this.get(id, principal);
  }

  /** Closes an open berkas: no more letters go in, and a clock that runs from closing (or from a recorded event) starts. */
  async close(id: string, dto: CloseBerkasDto, principal: PersonPrincipal): Promise<BerkasDetailDto> {
    await this.db.transaction(async (tx) => {
      const berkas = await this.lockManaged(tx, id, principal);
      assertOpen(berkas);
      const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM berkas_item WHERE berkas_id = $1`, [id]);
      if (n === 0) throw new ArchiveError(ArchiveErrorCode.BERKAS_EMPTY, 'A berkas without letters is not closed');
      if (dto.triggerOccurredOn !== undefined) this.assertTriggerDate(berkas, dto.triggerOccurredOn);
      await tx.query(
        `UPDATE berkas SET status = $2, closed_at = now(), closed_by_person_id = $3, trigger_occurred_on = coalesce($4, trigger_occurred_on), updated_at = now() WHERE id = $1`,
        [id, BerkasStatus.Closed, principal.personId, dto.triggerOccurredOn ?? null],
      );
      const closed = await this.lockManaged(tx, id, principal);
      await this.writeDueDates(tx, closed);
      await this.audit.record(tx, { action: AuditAction.BerkasClose, object: { type: 'berkas', id }, details: { items: n } });
      await this.indexLetters(tx, await this.letterIds(tx, [id]));
    });
    this.outbox.kick();
    return this.get(id, principal);
  }

  /** Moves a closed berkas whose active retention is over to inactive: the archivist's act, refused under a legal hold. */
  async moveToInactive(id: string, dto: MoveToInactiveDto, principal: PersonPrincipal, today = wibDate(new Date())): Promise<BerkasDetailDto> {
    if (!isArchivist(principal)) throw new ArchiveError(ArchiveErrorCode.ARCHIVIST_ONLY, 'Moving a berkas to inactive is the archivist’s act');
    await this.db.transaction(async (tx) => {
      const berkas = await this.lockManaged(tx, id, principal);
      await assertNoLegalHold(tx, [id]);
      if (berkas.status !== BerkasStatus.Closed) {
        throw new ArchiveError(ArchiveErrorCode.BERKAS_STATE_CONFLICT, `Only a closed berkas moves to inactive; this one is ${BERKAS_STATUS_LABEL[berkas.status]}`, { status: berkas.status });
      }
      if (!berkas.activeUntil || berkas.activeUntil > today) {
        throw new ArchiveError(ArchiveErrorCode.RETENTION_NOT_DUE, berkas.activeUntil ? `Its active retention runs until ${berkas.activeUntil}` : 'Its retention clock has not started', {
          activeUntil: berkas.activeUntil,
        });
      }
      await tx.query(`UPDATE berkas SET status = $2, inactive_at = now(), inactive_by_person_id = $3, location = coalesce($4, location), updated_at = now() WHERE id = $1`, [
        id,
        BerkasStatus.Inactive,
        principal.personId,
        dto.location ?? null,
      ]);
      await this.audit.record(tx, { action: AuditAction.BerkasInactive, object: { type: 'berkas', id }, details: { activeUntil: berkas.activeUntil } });
      await this.indexLetters(tx, await this.letterIds(tx, [id]));
    });
    this.outbox.kick();
    return this.get(id, principal);
  }

  /** Refuses a unit that does not exist (422) or whose berkas the caller does not keep (403); returns its name. */
  async assertKeepsUnit(tx: EntityManager | DataSource, unitId: string, principal: PersonPrincipal): Promise<string> {
    const scope = berkasScopeSql(principal, 'b', 2);
    const [unit] = await tx.query(`SELECT u.name, ${scope.sql} AS allowed FROM unit u CROSS JOIN LATERAL (SELECT u.id AS unit_id) b WHERE u.id = $1`, [unitId, ...scope.params]);
    if (!unit) throw new ArchiveError(ArchiveErrorCode.UNIT_NOT_FOUND, `Unit ${unitId} not found`);
    if (!unit.allowed) throw new ArchiveError(ArchiveErrorCode.ARCHIVE_NOT_ALLOWED, "Only archivists and the unit's TU keep its berkas");
    return unit.name;
  }

  /**
   * Locks a berkas the caller keeps for the rest of the transaction; 404 BERKAS_NOT_FOUND for
   * one that does not exist or that the caller does not keep, alike.
   */
  async lockManaged(tx: EntityManager, id: string, principal: PersonPrincipal): Promise<BerkasRow> {
    const scope = berkasScopeSql(principal, 'b', 2);
    const [row] = await tx.query(`SELECT ${BERKAS_COLUMNS} FROM berkas b WHERE b.id = $1 AND ${scope.sql} FOR UPDATE OF b`, [id, ...scope.params]);
    if (!row) throw notFound(id);
    return row;
  }

  /**
   * Sets the status of berkas locked by lockManaged (disposal: diusulkan_musnah, musnah,
   * diserahkan...), refused under a legal hold, and tells the search index about their letters.
   */
  async setStatus(tx: EntityManager, berkasIds: string[], status: BerkasStatus): Promise<void> {
    await assertNoLegalHold(tx, berkasIds);
    await tx.query(`UPDATE berkas SET status = $2, updated_at = now() WHERE id = ANY($1::uuid[])`, [berkasIds, status]);
    await this.indexLetters(tx, await this.letterIds(tx, berkasIds));
  }

  /** The letters filed in the berkas. */
  async letterIds(tx: EntityManager | DataSource, berkasIds: string[]): Promise<string[]> {
    const rows: { letterId: string }[] = await tx.query(`SELECT letter_id AS "letterId" FROM berkas_item WHERE berkas_id = ANY($1::uuid[]) ORDER BY letter_id`, [berkasIds]);
    return rows.map((r) => r.letterId);
  }

  /** A berkas changed facts the search index holds about these letters: one `search.index` outbox event each, in the caller's transaction. */
  async indexLetters(tx: EntityManager, letterIds: string[]): Promise<void> {
    await this.outbox.addAll(tx, letterIds.map((letterId) => ({ letterId, type: 'search.index', payload: { letterId } })));
  }

  /**
   * Files letters in an open berkas, all or none: each must exist and be visible to the caller
   * (404 otherwise, the same for both), be a record (numbered or registered) and be in no berkas yet (409).
   */
  private async fileLetters(tx: EntityManager, berkas: BerkasRow, letterIds: string[], principal: PersonPrincipal): Promise<void> {
    assertOpen(berkas);
    const access = archiveVisibleLettersSql(principal, 'l', 2);
    const found: { id: string; final: boolean; berkasId: string | null }[] = await tx.query(
      `SELECT l.id, (l.kind = 'incoming' OR l.number IS NOT NULL) AS final, i.berkas_id AS "berkasId"
         FROM letter l LEFT JOIN berkas_item i ON i.letter_id = l.id
        WHERE l.id = ANY($1::uuid[]) AND ${access.sql}
        FOR UPDATE OF l`,
      [letterIds, ...access.params],
    );
    const missing = letterIds.filter((id) => !found.some((f) => f.id === id));
    if (missing.length > 0) throw new ArchiveError(ArchiveErrorCode.LETTER_NOT_FOUND, 'Letter not found', { letterIds: missing });
    const drafts = found.filter((f) => !f.final).map((f) => f.id);
    if (drafts.length > 0) throw new ArchiveError(ArchiveErrorCode.LETTER_NOT_FINAL, 'Only numbered letters and registered incoming letters are filed', { letterIds: drafts });
    const filed = found.filter((f) => f.berkasId !== null);
    if (filed.length > 0) {
      throw new ArchiveError(ArchiveErrorCode.LETTER_ALREADY_FILED, 'A letter is in at most one berkas', { letterIds: filed.map((f) => f.id), inThisBerkas: filed.filter((f) => f.berkasId === berkas.id).map((f) => f.id) });
    }
    // Two filings of one letter at once: the letter lock orders them, and the key on letter_id refuses the second.
    const inserted: unknown[] = await tx.query(
      `INSERT INTO berkas_item (letter_id, berkas_id, added_by_person_id) SELECT unnest($1::uuid[]), $2, $3 ON CONFLICT (letter_id) DO NOTHING RETURNING letter_id`,
      [letterIds, berkas.id, principal.personId],
    );
    if (inserted.length < letterIds.length) throw new ArchiveError(ArchiveErrorCode.LETTER_ALREADY_FILED, 'A letter is in at most one berkas', { letterIds });
    await this.audit.record(tx, { action: AuditAction.BerkasItemsAdd, object: { type: 'berkas', id: berkas.id }, details: { letterIds } });
    await this.indexLetters(tx, letterIds);
  }

  private assertTriggerDate(berkas: BerkasRow, day: string): void {
    if (!EVENT_TRIGGERS.includes(berkas.retentionTrigger)) {
      throw new ArchiveError(ArchiveErrorCode.TRIGGER_DATE_NOT_APPLICABLE, `The clock of this berkas starts ${RETENTION_TRIGGER_LABEL[berkas.retentionTrigger].toLowerCase()}: it takes no trigger date`);
    }
    if (day > wibDate(new Date())) throw new ArchiveError(ArchiveErrorCode.TRIGGER_DATE_IN_FUTURE, 'The trigger date is a day that has happened', { triggerOccurredOn: day });
  }

  /** Stores the due dates the berkas's facts give (retention-dates.ts), as the daily job does. */
  private async writeDueDates(tx: EntityManager, b: BerkasRow): Promise<void> {
    const due = dueDates(b);
    await tx.query(`UPDATE berkas SET clock_started_on = $2, active_until = $3, inactive_until = $4 WHERE id = $1`, [b.id, due.clockStartedOn, due.activeUntil, due.inactiveUntil]);
  }

  view(r: ViewRow): BerkasDto {
    const period = r.periodFrom || r.periodTo ? [r.periodFrom?.slice(0, 4), r.periodTo?.slice(0, 4)].filter((v, i, a) => v && a.indexOf(v) === i).join('-') : (r.itemYears ?? '');
    return {
      id: r.id,
      unitId: r.unitId,
      unitName: r.unitName,
      number: r.number,
      classificationCode: r.classificationCode,
      classificationName: this.codes.get(r.classificationCode)?.name ?? r.classificationCode,
      title: r.title,
      periodFrom: r.periodFrom,
      periodTo: r.periodTo,
      kurunWaktu: period,
      location: r.location,
      developmentLevel: r.developmentLevel,
      developmentLevelLabel: DEVELOPMENT_LEVEL_LABEL[r.developmentLevel] ?? r.developmentLevel,
      status: r.status,
      statusLabel: BERKAS_STATUS_LABEL[r.status] ?? r.status,
      retention: {
        jraVersion: r.jraVersion,
        activeYears: r.activeYears,
        inactiveYears: r.inactiveYears,
        trigger: r.retentionTrigger,
        triggerLabel: RETENTION_TRIGGER_LABEL[r.retentionTrigger] ?? r.retentionTrigger,
        disposition: r.finalDisposition,
        dispositionLabel: FINAL_DISPOSITION_LABEL[r.finalDisposition] ?? r.finalDisposition,
        triggerOccurredOn: r.triggerOccurredOn,
        clockStartedOn: r.clockStartedOn,
        activeUntil: r.activeUntil,
        inactiveUntil: r.inactiveUntil,
      },
      itemCount: r.itemCount,
      legalHold: r.legalHold ? { ...r.legalHold, placedAt: iso(r.legalHold.placedAt)!, liftedAt: null } : null,
      closedAt: iso(r.closedAt),
      inactiveAt: iso(r.inactiveAt),
      createdAt: iso(r.createdAt)!,
    };
  }
}

const notFound = (id: string) => new ArchiveError(ArchiveErrorCode.BERKAS_NOT_FOUND, `Berkas ${id} not found`);

function assertOpen(b: BerkasRow): void {
  if (b.status !== BerkasStatus.Open) throw new ArchiveError(ArchiveErrorCode.BERKAS_NOT_OPEN, `Letters go only into an open berkas; this one is ${BERKAS_STATUS_LABEL[b.status]}`, { status: b.status });
}

function assertPeriod(from: string | null, to: string | null): void {
  if (from && to && from > to) throw new ArchiveError(ArchiveErrorCode.INVALID_PERIOD, 'The period must run from a day to a later or equal one', { periodFrom: from, periodTo: to });
}
