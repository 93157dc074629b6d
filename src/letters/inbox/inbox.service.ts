import { Injectable } from '@nestjs/common';
import { ReadReplicas } from '../../database/read-replicas';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actingPositionIds, PersonPrincipal } from '../../records/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { Role } from '../../records/person.entity';
import { LetterWorkflowService } from '../../workflow/letter-workflow.service';
import { WorkflowRegistry } from '../../workflow/workflow-registry.service';
import { visibleLettersSql } from '../letter-access';
import { LetterKind } from '../../records/letter.entity';
import { InboxItemDto, InboxKind, InboxOpenedDto, InboxPageDto, InboxQuery, InboxReadRole, InboxSummaryDto, InboxView } from './dto/inbox.dto';

/** Each counter of the Beranda as a predicate on the `marked` rows below; the list and the count share it. */
const VIEW_SQL: Record<InboxView, string> = {
  [InboxView.ToReview]: `m.kind IN ('review', 'approve')`,
  [InboxView.ToSign]: `m.kind = 'sign'`,
  [InboxView.ToSend]: `m.kind = 'send'`,
  [InboxView.Returned]: `m.kind = 'revise'`,
  [InboxView.IncomingUnread]: `m.unread AND (m.kind = 'dispose' OR (m.kind = 'read' AND m.role = 'recipient'))`,
  [InboxView.IncomingOpen]: `m.kind = 'dispose'`,
  [InboxView.DispositionUnread]: `m.kind = 'follow_up' AND m.unread`,
  [InboxView.DispositionOpen]: `m.kind = 'follow_up'`,
  [InboxView.Overdue]: `m.overdue`,
  [InboxView.TembusanUnread]: `m.kind = 'read' AND m.role = 'tembusan' AND m.unread`,
};

interface ItemRow {
  letter_id: string;
  kind: InboxKind;
  position_id: string | null;
  since: Date;
  unread: boolean;
  role: InboxReadRole | null;
  due_at: Date | null;
  overdue: boolean;
  letter_kind: string;
  workflow_definition_id: string;
  workflow_key: string;
  subject: string;
  sifat: InboxItemDto['sifat'];
  urgency: InboxItemDto['urgency'];
  state: string;
  number: string | null;
  version: number;
}

/**
 * The caller's desk: what waits for a position they hold or stand in for (Plt/Plh), read from
 * letter_assignment, plus the signed letters they are to send. Every row also passes the letter
 * visibility rule of the lists (letter-access.ts), so a Rahasia letter reaches no one's inbox or
 * counter unless they may open it.
 */
@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reads: ReadReplicas,
    private readonly registry: WorkflowRegistry,
    private readonly workflow: LetterWorkflowService,
  ) {}

  async page(principal: PersonPrincipal, q: InboxQuery): Promise<InboxPageDto> {
    const { sql, params } = this.itemsSql(principal);
    const filters: string[] = [];
    if (q.kind) {
      params.push(q.kind);
      filters.push(`m.kind = $${params.length}`);
    }
    if (q.view) filters.push(VIEW_SQL[q.view]);
    if (q.unread !== undefined) filters.push(q.unread ? 'm.unread' : 'NOT m.unread');
    const where = filters.length > 0 ? `WHERE ${filters.join(' AND ')}` : '';
    const n = params.length;
    const [rows, [aggregates]] = await Promise.all([
      this.reads.query(principal,
        `${sql} SELECT m.* FROM marked m ${where}
          ORDER BY m.since DESC, m.letter_id, m.kind LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...params, q.limit, (q.page - 1) * q.limit],
      ) as Promise<ItemRow[]>,
      this.reads.query(principal,
        `${sql} SELECT COALESCE((SELECT jsonb_object_agg(kind, n) FROM (SELECT kind, count(DISTINCT letter_id)::int AS n FROM marked GROUP BY kind) c), '{}') AS counts,
                       COALESCE((SELECT jsonb_object_agg(kind, n) FROM (SELECT kind, count(DISTINCT letter_id)::int AS n FROM marked WHERE unread GROUP BY kind) c), '{}') AS unread,
                       (SELECT count(*)::int FROM marked m ${where}) AS total`,
        params,
      ) as Promise<{ counts: Record<string, number>; unread: Record<string, number>; total: number }[]>,
    ]);
    const items = await Promise.all(rows.map((r) => this.toItem(r, principal)));
    return { items, counts: aggregates.counts, unreadCounts: aggregates.unread, total: aggregates.total, page: q.page, limit: q.limit };
  }

  /** The Beranda's counters, in one statement. */
  async summary(principal: PersonPrincipal): Promise<InboxSummaryDto> {
    const { sql, params } = this.itemsSql(principal);
    const columns = Object.entries(VIEW_SQL).map(([view, predicate]) => `count(*) FILTER (WHERE ${predicate})::int AS "${view}"`);
    const [row] = await this.reads.query(principal, `${sql} SELECT ${columns.join(', ')} FROM marked m`, params);
    return row as InboxSummaryDto;
  }

  /**
   * The caller opened the letter: every item of theirs on it counts as read, and so do its
   * notifications. A letter they may not see does not exist for them (404).
   */
  async markOpened(letterId: string, principal: PersonPrincipal, ability: AppAbility): Promise<InboxOpenedDto> {
    await this.workflow.loadVisible(this.db.manager, letterId, ability);
    const acting = actingPositionIds(principal);
    const [row] = await this.db.query(
      `WITH items AS (
         UPDATE letter_assignment SET read_at = now() WHERE letter_id = $1 AND position_id = ANY($2::uuid[]) AND read_at IS NULL RETURNING 1),
       notes AS (
         UPDATE notification SET read_at = now() WHERE letter_id = $1 AND position_id = ANY($2::uuid[]) AND read_at IS NULL RETURNING 1)
       SELECT (SELECT count(*)::int FROM items) AS items, (SELECT count(*)::int FROM notes) AS notifications`,
      [letterId, acting],
    );
    return row;
  }

  /**
   * Every item of the caller as rows of `marked`: the assignments of their positions and the
   * signed letters they are to send (the drafter, or TU of the letter's unit), each with its
   * read state, its deadline and whether it is late.
   */
  private itemsSql(principal: PersonPrincipal): { sql: string; params: unknown[] } {
    const access = visibleLettersSql(principal, 'l', 2);
    const registrar = principal.roles.includes(Role.Registrar);
    const units = [...new Set(principal.positions.map((p) => p.unitId))];
    const params: unknown[] = [actingPositionIds(principal), ...access.params, registrar, units];
    const registrarParam = `$${access.params.length + 2}`;
    const unitsParam = `$${access.params.length + 3}`;
    const letterColumns = `l.kind AS letter_kind, l.workflow_definition_id, l.workflow_key, l.subject, l.sifat, l.urgency, l.state, l.number, l.version, l.overdue AS letter_overdue`;
    const sql = `WITH items AS (
        SELECT a.letter_id, a.kind::text AS kind, a.position_id, a.created_at AS since, r.role,
               CASE WHEN a.kind = 'follow_up'
                    THEN (SELECT min(d.due_at) FROM disposition d WHERE d.letter_id = a.letter_id AND d.to_position_id = a.position_id AND d.status IN ('sent', 'read'))
                    ELSE (SELECT max(dl.due_at) FROM letter_deadline dl WHERE dl.letter_id = l.id AND dl.state = l.state AND dl.cancelled_at IS NULL)
               END AS due_at,
               -- A disposition is read once opened or once its read receipt was given (the disposition tree records it).
               a.read_at IS NULL AND (a.kind <> 'follow_up' OR EXISTS (
                 SELECT 1 FROM disposition d WHERE d.letter_id = a.letter_id AND d.to_position_id = a.position_id AND d.status = 'sent')) AS unread,
               ${letterColumns}
          FROM letter_assignment a JOIN letter l ON l.id = a.letter_id
          LEFT JOIN LATERAL (
            SELECT CASE WHEN bool_or(lp.role = 'recipient') THEN 'recipient' WHEN bool_or(lp.role = 'tembusan') THEN 'tembusan' END AS role
              FROM letter_participant lp WHERE a.kind = 'read' AND lp.letter_id = a.letter_id AND lp.position_id = a.position_id) r ON true
         WHERE a.position_id = ANY($1::uuid[]) AND ${access.sql}
        UNION ALL
        SELECT l.id, 'send', l.drafter_position_id, COALESCE(l.signed_at, l.updated_at), NULL, NULL, false, ${letterColumns}
          FROM letter l
         WHERE l.kind = '${LetterKind.Outgoing}' AND l.state = 'signed' AND l.delivered_at IS NULL AND ${access.sql}
           AND (l.drafter_person_id = $2 OR (${registrarParam}::boolean AND l.unit_id = ANY(${unitsParam}::uuid[])))
      ),
      marked AS (
        SELECT i.*, (i.kind NOT IN ('read', 'send') AND (i.letter_overdue OR i.due_at < now())) AS overdue FROM items i
      )`;
    return { sql, params };
  }

  private async toItem(r: ItemRow, principal: PersonPrincipal): Promise<InboxItemDto> {
    const held = principal.positions.find((p) => p.positionId === r.position_id);
    const delegation = held ? undefined : principal.delegations.find((d) => d.positionId === r.position_id);
    const registered = await this.registry.definition(r.workflow_definition_id);
    return {
      letterId: r.letter_id,
      kind: r.kind,
      positionId: r.position_id,
      positionName: held?.positionName ?? delegation?.positionName ?? null,
      capacity: delegation?.kind ?? null,
      viaDelegation: principal.delegations.some((d) => d.positionId === r.position_id),
      since: r.since,
      read: !r.unread,
      role: r.role,
      dueAt: r.due_at,
      overdue: r.overdue,
      letterKind: r.letter_kind,
      type: r.workflow_key,
      subject: r.subject,
      sifat: r.sifat,
      urgency: r.urgency,
      state: r.state,
      stateLabel: registered.workflow.definition.states[r.state]?.label ?? r.state,
      number: r.number,
      version: r.version,
    };
  }
}
