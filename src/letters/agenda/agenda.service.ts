import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actingPositionIds, PersonPrincipal } from '../../auth/principal';
import { Role } from '../../organization/person.entity';
import { CorrespondenceError, CorrespondenceErrorCode } from '../incoming/correspondence.errors';
import { visibleLettersSql } from '../letter-access';
import { CONFIDENTIAL_SIFAT } from '../letter.entity';
import { toCsv } from './agenda-csv';
import { AgendaQuery } from './dto/agenda.query';

/** What a confidential letter's perihal reads as for those it is not shown to. */
export const MASKED_SUBJECT = '(rahasia)';

const INCOMING_COLUMNS = [
  { key: 'agendaNumber', header: 'Nomor Agenda' },
  { key: 'receivedAt', header: 'Tanggal Diterima' },
  { key: 'senderName', header: 'Pengirim' },
  { key: 'senderNumber', header: 'Nomor Surat' },
  { key: 'senderDate', header: 'Tanggal Surat' },
  { key: 'subject', header: 'Perihal' },
  { key: 'sifat', header: 'Sifat' },
  { key: 'urgency', header: 'Derajat Kecepatan' },
  { key: 'classificationCode', header: 'Kode Klasifikasi' },
  { key: 'addressee', header: 'Tujuan' },
  { key: 'state', header: 'Status' },
];

const OUTGOING_COLUMNS = [
  { key: 'number', header: 'Nomor Surat' },
  { key: 'numberedAt', header: 'Tanggal Surat' },
  { key: 'type', header: 'Jenis Naskah' },
  { key: 'subject', header: 'Perihal' },
  { key: 'sifat', header: 'Sifat' },
  { key: 'classificationCode', header: 'Kode Klasifikasi' },
  { key: 'recipients', header: 'Kepada' },
  { key: 'state', header: 'Status' },
];

export interface AgendaBook {
  register: 'incoming' | 'outgoing';
  unitId: string;
  unitName: string;
  from: string;
  to: string;
  items: Record<string, unknown>[];
}

/**
 * Buku agenda: the incoming register (surat masuk by agenda number) and the outgoing register
 * (numbered letters of the unit and the units below it, e.g. its bidang) for a period. Kept
 * by the unit's registrar and read by its heads; a confidential letter keeps its row (the
 * register has no gaps) but its perihal is masked for whoever may not see the letter itself.
 */
@Injectable()
export class AgendaService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async book(q: AgendaQuery, principal: PersonPrincipal): Promise<AgendaBook> {
    const unitId = q.unitId ?? principal.positions[0]?.unitId;
    if (!unitId) throw new CorrespondenceError(CorrespondenceErrorCode.NO_POSITION, 'Name a unit: you hold no position');
    const year = new Date().getUTCFullYear();
    const from = q.from ?? `${year}-01-01`;
    const to = q.to ?? new Date().toISOString().slice(0, 10);
    if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)) || from > to) {
      throw new CorrespondenceError(CorrespondenceErrorCode.INVALID_PERIOD, 'The period must run from a valid date to a later or equal one', { from, to });
    }
    const [unit] = await this.db.query('SELECT id, name FROM unit WHERE id = $1', [unitId]);
    await this.assertMayRead(unitId, principal, Boolean(unit));

    const access = visibleLettersSql(principal, 'l', 5);
    const subject = `CASE WHEN l.sifat = ANY($4::text[]) AND NOT ${access.sql} THEN '${MASKED_SUBJECT}' ELSE l.subject END`;
    const params = [unitId, from, to, CONFIDENTIAL_SIFAT, ...access.params];
    const items: Record<string, unknown>[] =
      q.register === 'incoming'
        ? await this.db.query(
            `SELECT il.letter_id AS "letterId", il.agenda_number AS "agendaNumber", il.agenda_sequence AS "agendaSequence", il.received_at AS "receivedAt",
                    il.sender_name AS "senderName", il.sender_number AS "senderNumber", to_char(il.sender_date, 'YYYY-MM-DD') AS "senderDate",
                    ${subject} AS subject, l.sifat, l.urgency, l.classification_code AS "classificationCode", l.state,
                    (SELECT string_agg(p.name, '; ' ORDER BY p.name) FROM letter_participant lp JOIN position p ON p.id = lp.position_id
                      WHERE lp.letter_id = l.id AND lp.role = 'addressee') AS addressee,
                    il.duplicate_of_letter_id IS NOT NULL AS "possibleDuplicate"
               FROM incoming_letter il JOIN letter l ON l.id = il.letter_id
              WHERE il.unit_id = $1 AND il.received_at >= $2::date AND il.received_at < $3::date + 1
              ORDER BY il.agenda_year, il.agenda_sequence`,
            params,
          )
        : await this.db.query(
            `SELECT l.id AS "letterId", l.number, l.numbered_at AS "numberedAt", l.workflow_key AS type, ${subject} AS subject, l.sifat,
                    l.classification_code AS "classificationCode", l.state,
                    (SELECT string_agg(p.name, '; ' ORDER BY p.name) FROM letter_participant lp JOIN position p ON p.id = lp.position_id
                      WHERE lp.letter_id = l.id AND lp.role = 'recipient') AS recipients
               FROM letter l
              WHERE l.unit_id IN (WITH RECURSIVE down AS (SELECT id FROM unit WHERE id = $1 UNION ALL SELECT u.id FROM unit u JOIN down ON u.parent_id = down.id) SELECT id FROM down)
                AND l.kind = 'outgoing' AND l.number IS NOT NULL AND l.numbered_at >= $2::date AND l.numbered_at < $3::date + 1
              ORDER BY l.numbered_at, l.number`,
            params,
          );
    return { register: q.register, unitId, unitName: unit.name, from, to, items };
  }

  csv(book: AgendaBook): string {
    return toCsv(book.register === 'incoming' ? INCOMING_COLUMNS : OUTGOING_COLUMNS, book.items);
  }

  /**
   * The unit's registrar and the heads of the unit or of a unit above it read its book; so do
   * archivists. Everyone else gets 403, as for a unit that does not exist.
   */
  private async assertMayRead(unitId: string, principal: PersonPrincipal, exists: boolean): Promise<void> {
    if (exists && principal.roles.includes(Role.Archivist)) return;
    const [row] = exists
      ? await this.db.query(
          `WITH RECURSIVE up AS (SELECT id, parent_id FROM unit WHERE id = $1 UNION ALL SELECT u.id, u.parent_id FROM unit u JOIN up ON u.id = up.parent_id)
           SELECT 1 FROM position p
            WHERE p.id = ANY($2::uuid[])
              AND ((p.unit_id = $1 AND $3::boolean) OR (p.is_head AND p.unit_id IN (SELECT id FROM up)))
            LIMIT 1`,
          [unitId, actingPositionIds(principal), principal.roles.includes(Role.Registrar)],
        )
      : [];
    if (!row) throw new CorrespondenceError(CorrespondenceErrorCode.AGENDA_NOT_ALLOWED, "Only the unit's registrar and heads read its agenda book");
  }
}
