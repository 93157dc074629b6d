import { Injectable } from '@nestjs/common';
import { ReadReplicas } from '../../database/read-replicas';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actingPositionIds, PersonPrincipal } from '../../records/principal';
import { Role } from '../../records/person.entity';
import { CorrespondenceError, CorrespondenceErrorCode } from '../incoming/correspondence.errors';
import { visibleLettersSql } from '../letter-access';
import { WIB_TIME_ZONE, wibDate } from '../../common/time/wib';
import { WorkflowRegistry } from '../../workflow/workflow-registry.service';
import { CONFIDENTIAL_SIFAT, Sifat, SIFAT_LABEL, Urgency } from '../../records/letter.entity';
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
  { key: 'sifatLabel', header: 'Sifat' },
  { key: 'urgencyLabel', header: 'Derajat Kecepatan' },
  { key: 'classificationCode', header: 'Kode Klasifikasi' },
  { key: 'addressee', header: 'Tujuan' },
  { key: 'stateLabel', header: 'Status' },
];

const OUTGOING_COLUMNS = [
  { key: 'number', header: 'Nomor Surat' },
  { key: 'date', header: 'Tanggal Surat' },
  { key: 'typeLabel', header: 'Jenis Naskah' },
  { key: 'subject', header: 'Perihal' },
  { key: 'sifatLabel', header: 'Sifat' },
  { key: 'classificationCode', header: 'Kode Klasifikasi' },
  { key: 'recipients', header: 'Kepada' },
  { key: 'stateLabel', header: 'Status' },
];

/** Derajat kecepatan as the agenda book prints it. */
const URGENCY_LABEL: Record<Urgency, string> = {
  [Urgency.Biasa]: 'Biasa',
  [Urgency.Segera]: 'Segera',
  [Urgency.SangatSegera]: 'Sangat Segera',
  [Urgency.Kilat]: 'Kilat',
};


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
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reads: ReadReplicas,
    private readonly registry: WorkflowRegistry,
  ) {}

  async book(q: AgendaQuery, principal: PersonPrincipal): Promise<AgendaBook> {
    const unitId = q.unitId ?? principal.positions[0]?.unitId;
    if (!unitId) throw new CorrespondenceError(CorrespondenceErrorCode.NO_POSITION, 'Name a unit: you hold no position');
    const today = wibDate(new Date());
    const from = q.from ?? `${today.slice(0, 4)}-01-01`;
    const to = q.to ?? today;
    if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)) || from > to) {
      throw new CorrespondenceError(CorrespondenceErrorCode.INVALID_PERIOD, 'The period must run from a valid date to a later or equal one', { from, to });
    }
    const [unit] = await this.db.query('SELECT id, name FROM unit WHERE id = $1', [unitId]);
    await this.assertMayRead(unitId, principal, Boolean(unit));

    const access = visibleLettersSql(principal, 'l', 5);
    const subject = `CASE WHEN l.sifat = ANY($4::text[]) AND NOT ${access.sql} THEN '${MASKED_SUBJECT}' ELSE l.subject END`;
    const params = [unitId, from, to, CONFIDENTIAL_SIFAT, ...access.params];
    // [$2, $3] as WIB days, from the start of the first to the end of the last, and every date
    // in the book a WIB one, whatever the server's or the database's time zone.
    const period = (column: string) => `${column} >= ($2::date)::timestamp AT TIME ZONE '${WIB_TIME_ZONE}' AND ${column} < ($3::date + 1)::timestamp AT TIME ZONE '${WIB_TIME_ZONE}'`;
    // Kepada as the letter's "Yth." lists it: the positions addressed, then the external addressees.
    const recipients = `concat_ws('; ',
                      (SELECT string_agg(p.name, '; ' ORDER BY p.name) FROM letter_participant lp JOIN position p ON p.id = lp.position_id
                        WHERE lp.letter_id = l.id AND lp.role = 'recipient'),
                      (SELECT string_agg(r->>'name', '; ' ORDER BY n) FROM jsonb_array_elements(CASE WHEN jsonb_typeof(l.body->'externalRecipients') = 'array' THEN l.body->'externalRecipients' ELSE '[]' END) WITH ORDINALITY AS e(r, n)
                        WHERE coalesce(r->>'name', '') <> ''))`;
    const items: Record<string, unknown>[] =
      q.register === 'incoming'
        ? await this.reads.query(principal,
            `SELECT il.letter_id AS "letterId", il.agenda_number AS "agendaNumber", il.agenda_sequence AS "agendaSequence",
                    to_char(il.received_at AT TIME ZONE '${WIB_TIME_ZONE}', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"') AS "receivedAt",
                    il.sender_name AS "senderName", il.sender_number AS "senderNumber", to_char(il.sender_date, 'YYYY-MM-DD') AS "senderDate",
                    ${subject} AS subject, l.sifat, l.urgency, l.classification_code AS "classificationCode", l.state, l.workflow_definition_id AS "workflowDefinitionId",
                    (SELECT string_agg(p.name, '; ' ORDER BY p.name) FROM letter_participant lp JOIN position p ON p.id = lp.position_id
                      WHERE lp.letter_id = l.id AND lp.role = 'addressee') AS addressee,
                    il.duplicate_of_letter_id IS NOT NULL AS "possibleDuplicate"
               FROM incoming_letter il JOIN letter l ON l.id = il.letter_id
              WHERE il.unit_id = $1 AND ${period('il.received_at')}
              ORDER BY il.agenda_year, il.agenda_sequence`,
            params,
          )
        : await this.reads.query(principal,
            `SELECT l.id AS "letterId", l.number, to_char(l.numbered_at AT TIME ZONE '${WIB_TIME_ZONE}', 'YYYY-MM-DD') AS date, l.workflow_key AS type, ${subject} AS subject, l.sifat,
                    l.classification_code AS "classificationCode", l.state, l.workflow_definition_id AS "workflowDefinitionId",
                    ${recipients} AS recipients
               FROM letter l
              WHERE l.unit_id IN (WITH RECURSIVE down AS (SELECT id FROM unit WHERE id = $1 UNION ALL SELECT u.id FROM unit u JOIN down ON u.parent_id = down.id) SELECT id FROM down)
                AND l.kind = 'outgoing' AND l.number IS NOT NULL AND ${period('l.numbered_at')}
              ORDER BY l.numbered_at, l.number`,
            params,
          );
    return { register: q.register, unitId, unitName: unit.name, from, to, items: await Promise.all(items.map((item) => this.inWords(item))) };
  }

  /** Each code beside the words the book prints for it: state as its workflow names it, sifat, urgency, jenis naskah. */
  private async inWords({ workflowDefinitionId, ...item }: Record<string, any>): Promise<Record<string, unknown>> {
    const { definition } = (await this.registry.definition(workflowDefinitionId)).workflow;
    return {
      ...item,
      ...(item.type === undefined ? {} : { typeLabel: definition.name }),
      stateLabel: definition.states[item.state]?.label ?? item.state,
      sifatLabel: SIFAT_LABEL[item.sifat as Sifat] ?? item.sifat,
      ...(item.urgency === undefined ? {} : { urgencyLabel: URGENCY_LABEL[item.urgency as Urgency] ?? item.urgency }),
    };
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
