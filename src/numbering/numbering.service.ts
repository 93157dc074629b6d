import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, IsNull, Not, QueryFailedError } from 'typeorm';
import { PersonPrincipal } from '../records/principal';
import type { AppAbility } from '../authz/ability.factory';
import { CommonError } from '../common/errors/app-error';
import { LetterEntity, Sifat } from '../records/letter.entity';
import { OrganizationError } from '../organization/organization.errors';
import { Role } from '../records/person.entity';
import { LetterWorkflowService } from '../workflow/letter-workflow.service';
import { CreateReservationDto, ReservationsQuery } from './dto/reservation.dto';
import { LetterNumberEntity, LetterNumberStatus } from '../records/letter-number.entity';
import { calendarIn, checkFormat, NumberValues, parseFormat, renderNumber, scopeKey } from './number-format';
import { EffectiveFormat, NumberFormatsService } from './number-formats.service';
import { NumberingError, NumberingErrorCode } from './numbering.errors';
import { LetterError } from '../letters/access/letters.errors';

/** What a number is issued for: a letter at signing, or a reservation (ambil nomor). */
interface IssueRequest {
  type: string;
  /** The letter's unit, or the one asked for; numbered by its issuing unit. */
  unitId: string | null;
  classificationCode: string | null;
  sifat: Sifat;
  /** The instant whose calendar month and year the number carries. */
  at: Date;
  letterId: string | null;
  status: LetterNumberStatus.Reserved | LetterNumberStatus.Used;
  reservedByPersonId: string | null;
}

/** The letter columns numbering reads, locked for the allocation. */
interface LetterRow {
  workflow_key: string;
  unit_id: string | null;
  classification_code: string | null;
  sifat: Sifat;
  number: string | null;
  numbered_at: Date | null;
}

interface IssuingUnit {
  id: string;
  code: string;
}

export interface ReservationView {
  id: string;
  number: string;
  status: LetterNumberStatus;
  type: string;
  formatKey: string;
  year: number;
  sequence: number;
  unitId: string | null;
  classificationCode: string | null;
  letterId: string | null;
  reservedByPersonId: string | null;
  issuedAt: Date;
  usedAt: Date | null;
  cancelledAt: Date | null;
  cancelledByPersonId: string | null;
  cancelReason: string | null;
  createdAt: Date;
}

/** What a number preview is asked for: a format, and the letter facts its tokens and scope need. */
export interface NumberPreviewQuery {
  formatKey: string;
  type?: string;
  unitId?: string;
  classificationCode?: string;
  sifat?: Sifat;
  pattern?: string;
  scope?: string[];
}

export interface NumberPreview {
  formatKey: string;
  pattern: string;
  type: string;
  /** The counter value the next number would carry. */
  sequence: number;
  number: string;
}

const PG_UNIQUE_VIOLATION = '23505';

/**
 * Issues letter numbers (nomor surat). A number is drawn from a counter row per format, scope
 * and year, incremented inside the caller's transaction: concurrent issues in one scope wait
 * for each other, and a rolled-back transaction gives its number back, so sequences have no
 * gaps. Every number is recorded in letter_number, whose constraints keep numbers unique.
 *
 * Reservations (ambil nomor): staff and officials reserve for the issuing unit of a position
 * they hold or stand in for; the person who reserved a number, or an admin, may cancel it.
 * A cancelled number stays recorded as cancelled and is never issued again.
 */
@Injectable()
export class NumberingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly formats: NumberFormatsService,
    private readonly workflow: LetterWorkflowService,
  ) {}

  /**
   * Gives a signed letter its number and date, in `tx`: its reservation if it has one,
   * otherwise the next number. Does nothing to a letter that already has a number.
   */
  async allocate(tx: EntityManager, letter: LetterEntity, at: Date = new Date()): Promise<{ number: string; numberedAt: Date }> {
    const [current]: (LetterRow | undefined)[] = await tx.query(
      'SELECT workflow_key, unit_id, classification_code, sifat, number, numbered_at FROM letter WHERE id = $1 FOR NO KEY UPDATE',
      [letter.id],
    );
    if (!current) throw LetterError.notFound(letter.id);
    if (current.number) return this.setNumber(letter, current.number, current.numbered_at ?? at);
    const number = (await this.useReservation(tx, letter.id, at)) ?? (await this.issueAtSigning(tx, letter.id, current, at));
    await tx.query('UPDATE letter SET number = $2, numbered_at = $3, updated_at = now() WHERE id = $1', [letter.id, number, at]);
    return this.setNumber(letter, number, at);
  }

  /** Ambil nomor: reserves the next number now, for a letter the caller drafted or for later use. */
  async reserve(dto: CreateReservationDto, principal: PersonPrincipal, ability: AppAbility): Promise<ReservationView> {
    return this.db.transaction(async (tx) => {
      const letter = dto.letterId ? await this.letterToReserveFor(tx, dto.letterId, dto, principal, ability) : undefined;
      const unitId = letter?.unitId ?? dto.unitId ?? principal.positions[0]?.unitId ?? null;
      await this.assertMayReserveFor(tx, principal, unitId);
      const row = await this.issue(tx, {
        type: dto.type,
        unitId,
        classificationCode: letter?.classificationCode ?? dto.classificationCode,
        sifat: letter?.sifat ?? dto.sifat ?? Sifat.Biasa,
        at: new Date(),
        letterId: letter?.id ?? null,
        status: LetterNumberStatus.Reserved,
        reservedByPersonId: principal.personId,
      });
      return toView(row);
    });
  }

  /** Cancels a reservation: by the person who made it or an admin, with a reason; the number is never reused. */
  async cancel(id: string, reason: string, principal: PersonPrincipal): Promise<ReservationView> {
    return this.db.transaction(async (tx) => {
      const row = await tx.findOne(LetterNumberEntity, { where: { id, reservedByPersonId: Not(IsNull()) }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw NumberingError.notFound(NumberingErrorCode.RESERVATION_NOT_FOUND, `Reservation ${id} not found`, { id });
      if (row.reservedByPersonId !== principal.personId && !isAdmin(principal)) {
        throw CommonError.forbidden('Only the person who reserved a number, or an admin, may cancel it');
      }
      if (row.status !== LetterNumberStatus.Reserved) {
        throw NumberingError.conflict(NumberingErrorCode.RESERVATION_NOT_ACTIVE, `Number ${row.number} is ${row.status}, not reserved`, { status: row.status });
      }
      Object.assign(row, { status: LetterNumberStatus.Cancelled, cancelledAt: new Date(), cancelledByPersonId: principal.personId, cancelReason: reason });
      return toView(await tx.save(row));
    });
  }

  /** Reservations, newest first: an admin sees everyone's unless `mine`; others see their own. */
  async reservations(query: ReservationsQuery, principal: PersonPrincipal) {
    const where: FindOptionsWhere<LetterNumberEntity> = {
      reservedByPersonId: query.mine || !isAdmin(principal) ? principal.personId : Not(IsNull()),
      ...(query.status ? { status: query.status } : {}),
    };
    const [rows, total] = await this.db.manager.findAndCount(LetterNumberEntity, {
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.limit,
      take: query.limit,
    });
    return { items: rows.map(toView), total, page: query.page, limit: query.limit };
  }

  /**
   * The number the next letter of a format would get now, without taking it: the counter is
   * read, not moved. `pattern` previews a pattern before it is saved (checked as a save checks it).
   */
  async preview(query: NumberPreviewQuery): Promise<NumberPreview> {
    const format = (await this.formats.list()).find((f) => f.key === query.formatKey);
    if (!format) throw NumberingError.notFound(NumberingErrorCode.NUMBERING_FORMAT_NOT_FOUND, `No number format "${query.formatKey}"`, { key: query.formatKey });
    const scope = query.scope ?? format.scope;
    const pattern = query.pattern ?? format.pattern;
    const problems = checkFormat(pattern, scope);
    if (problems.length > 0) throw NumberingError.formatInvalid(problems);
    const parsed = parseFormat(pattern);
    if (!parsed.ok) throw NumberingError.formatInvalid(parsed.problems);
    const type = query.type ?? format.types[0];
    if (!format.types.includes(type)) {
      throw NumberingError.unprocessable(NumberingErrorCode.NUMBERING_TYPE_UNKNOWN, `Format "${format.key}" does not number letters of type "${type}"`, { type });
    }
    const request = { type, unitId: query.unitId ?? null, classificationCode: query.classificationCode ?? null, sifat: query.sifat ?? Sifat.Biasa, at: new Date() };
    const facts = await this.numberFacts(this.db.manager, { scope: scope as EffectiveFormat['scope'], parsed: parsed.format }, request);
    const [counter]: { value: number }[] = await this.db.query('SELECT value FROM number_counter WHERE format_key = $1 AND scope_key = $2 AND year = $3', [
      format.key,
      facts.scope,
      facts.year,
    ]);
    const sequence = (counter?.value ?? 0) + 1;
    return { formatKey: format.key, pattern, type, sequence, number: renderNumber(parsed.format, { ...facts.values, nomor: sequence }) };
  }

  /** The counter scope and the values a number of `request` is rendered from; refuses a missing value. */
  private async numberFacts(
    tx: EntityManager,
    format: Pick<EffectiveFormat, 'scope' | 'parsed'>,
    request: Pick<IssueRequest, 'type' | 'unitId' | 'classificationCode' | 'sifat' | 'at'>,
  ): Promise<{ unit: IssuingUnit | null; year: number; scope: string; values: NumberValues }> {
    const settings = this.formats.settings;
    const unit = await this.issuingUnit(tx, request.unitId);
    const { year, month } = calendarIn(request.at, settings.timeZone);
    const scope = scopeKey(format.scope, { unitId: unit?.id, type: request.type, classification: request.classificationCode, month });
    const values: NumberValues = {
      nomor: 1,
      tahun: year,
      bulan: month,
      klasifikasi: request.classificationCode,
      unit: unit?.code,
      kode_unit: unit ? (settings.unitCodes[unit.code] ?? unit.code) : null,
      sifat: settings.sifatCodes[request.sifat],
      kode_jenis: settings.typeCodes[request.type] ?? request.type,
    };
    renderNumber(format.parsed, values);
    return { unit, year, scope, values };
  }

  private async issue(tx: EntityManager, request: IssueRequest): Promise<LetterNumberEntity> {
    const format = await this.formats.forType(tx, request.type);
    // Refuses a letter lacking a value before the counter moves.
    const { unit, year, scope, values } = await this.numberFacts(tx, format, request);
    const [{ value }] = await tx.query(
      `INSERT INTO number_counter (format_key, scope_key, year, value) VALUES ($1, $2, $3, 1)
       ON CONFLICT (format_key, scope_key, year) DO UPDATE SET value = number_counter.value + 1, updated_at = now()
       RETURNING value`,
      [format.key, scope, year],
    );
    const row = tx.create(LetterNumberEntity, {
      formatKey: format.key,
      scopeKey: scope,
      year,
      sequence: value,
      number: renderNumber(format.parsed, { ...values, nomor: value }),
      status: request.status,
      letterType: request.type,
      unitId: unit?.id ?? null,
      classificationCode: request.classificationCode,
      letterId: request.letterId,
      reservedByPersonId: request.reservedByPersonId,
      issuedAt: request.at,
      usedAt: request.status === LetterNumberStatus.Used ? request.at : null,
    });
    return this.insertNumber(tx, row);
  }

  private async insertNumber(tx: EntityManager, row: LetterNumberEntity): Promise<LetterNumberEntity> {
    try {
      return await tx.save(row);
    } catch (error) {
      const driver = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
      if (driver?.code === PG_UNIQUE_VIOLATION && driver.constraint === 'uq_letter_number_number') {
        // Only a format change can bring this about (e.g. two units given the same kode_unit).
        throw NumberingError.conflict(NumberingErrorCode.NUMBER_TAKEN, `Number ${row.number} was issued before; check the number formats`, { number: row.number });
      }
      throw error;
    }
  }

  private async issueAtSigning(tx: EntityManager, letterId: string, letter: LetterRow, at: Date): Promise<string> {
    const row = await this.issue(tx, {
      type: letter.workflow_key,
      unitId: letter.unit_id,
      classificationCode: letter.classification_code,
      sifat: letter.sifat,
      at,
      letterId,
      status: LetterNumberStatus.Used,
      reservedByPersonId: null,
    });
    return row.number;
  }

  /** Turns the letter's reservation into its number; undefined when it has none. */
  private async useReservation(tx: EntityManager, letterId: string, at: Date): Promise<string | undefined> {
    const [rows] = await tx.query(
      `UPDATE letter_number SET status = 'used', used_at = $2 WHERE letter_id = $1 AND status = 'reserved' RETURNING number`,
      [letterId, at],
    );
    return rows[0]?.number;
  }

  /**
   * The unit whose counter numbers letters of `unitId`: the nearest of the configured issuing
   * units above it (a bidang's letters are numbered by its dinas), else the unit itself.
   */
  private async issuingUnit(tx: EntityManager, unitId: string | null): Promise<IssuingUnit | null> {
    if (!unitId) return null;
    const [unit] = await tx.query(
      `WITH RECURSIVE up AS (
         SELECT id, code, parent_id, 0 AS depth FROM unit WHERE id = $1
         UNION ALL
         SELECT u.id, u.code, u.parent_id, up.depth + 1 FROM unit u JOIN up ON u.id = up.parent_id WHERE up.depth < 50
       )
       SELECT id, code FROM up ORDER BY (code = ANY($2::text[])) DESC, depth LIMIT 1`,
      [unitId, this.formats.settings.issuingUnits],
    );
    if (!unit) throw OrganizationError.missingReference('Unit', unitId);
    return unit;
  }

  /** A reservation is for the issuing unit of a position the caller holds or stands in for (Plt/Plh). */
  private async assertMayReserveFor(tx: EntityManager, principal: PersonPrincipal, unitId: string | null): Promise<void> {
    if (!unitId) return;
    const target = await this.issuingUnit(tx, unitId);
    const units = [...principal.positions, ...principal.delegations].map((p) => p.unitId);
    // One after another: the queries share the transaction's client, which runs one at a time.
    let mayReserve = false;
    for (const id of new Set(units)) {
      if ((await this.issuingUnit(tx, id))?.id === target?.id) {
        mayReserve = true;
        break;
      }
    }
    if (!mayReserve) {
      throw NumberingError.forbidden(NumberingErrorCode.UNIT_NOT_ALLOWED, `You may not reserve numbers of unit ${target?.code}`, { unitId });
    }
  }

  /** The caller's own draft, locked, without a number or a live reservation, agreeing with the request. */
  private async letterToReserveFor(
    tx: EntityManager,
    letterId: string,
    dto: CreateReservationDto,
    principal: PersonPrincipal,
    ability: AppAbility,
  ): Promise<LetterEntity> {
    await this.workflow.loadVisible(tx, letterId, ability);
    const letter = await tx.findOneOrFail(LetterEntity, { where: { id: letterId }, lock: { mode: 'for_no_key_update' } });
    if (letter.drafterPersonId !== principal.personId) throw CommonError.forbidden('Only the drafter reserves a number for a letter');
    if (letter.number) {
      throw NumberingError.conflict(NumberingErrorCode.LETTER_ALREADY_NUMBERED, `The letter already has number ${letter.number}`, { number: letter.number });
    }
    const [live] = await tx.query(`SELECT id, number FROM letter_number WHERE letter_id = $1 AND status <> 'cancelled'`, [letterId]);
    if (live) {
      throw NumberingError.conflict(NumberingErrorCode.RESERVATION_EXISTS, `Number ${live.number} is already reserved for the letter`, { reservationId: live.id });
    }
    const mismatched = [
      dto.type !== letter.workflowKey && 'type',
      letter.classificationCode && dto.classificationCode !== letter.classificationCode && 'classificationCode',
      dto.unitId && dto.unitId !== letter.unitId && 'unitId',
      dto.sifat && dto.sifat !== letter.sifat && 'sifat',
    ].filter((field): field is string => typeof field === 'string');
    if (mismatched.length > 0) {
      throw NumberingError.unprocessable(NumberingErrorCode.RESERVATION_LETTER_MISMATCH, `The request does not match the letter: ${mismatched.join(', ')}`, {
        fields: mismatched,
      });
    }
    return letter;
  }

  private setNumber(letter: LetterEntity, number: string, numberedAt: Date): { number: string; numberedAt: Date } {
    letter.number = number;
    letter.numberedAt = numberedAt;
    return { number, numberedAt };
  }
}

const isAdmin = (principal: PersonPrincipal) => principal.roles.includes(Role.Admin);

function toView(row: LetterNumberEntity): ReservationView {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    type: row.letterType,
    formatKey: row.formatKey,
    year: row.year,
    sequence: row.sequence,
    unitId: row.unitId,
    classificationCode: row.classificationCode,
    letterId: row.letterId,
    reservedByPersonId: row.reservedByPersonId,
    issuedAt: row.issuedAt,
    usedAt: row.usedAt,
    cancelledAt: row.cancelledAt,
    cancelledByPersonId: row.cancelledByPersonId,
    cancelReason: row.cancelReason,
    createdAt: row.createdAt,
  };
}
