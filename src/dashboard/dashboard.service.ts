import { Injectable } from '@nestjs/common';
import { ReadReplicas } from '../database/read-replicas';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actingPositionIds, PersonPrincipal } from '../records/principal';
import { WIB_TIME_ZONE, wibDate } from '../common/time/wib';
import { LetterAccessRepository } from '../letters/access/letter-access.repository';
import { CONFIDENTIAL_SIFAT } from '../records/letter.entity';
import { Role } from '../records/person.entity';
import { WorkflowRegistry } from '../workflow/workflow-registry.service';
import { DashboardError, DashboardErrorCode } from './dashboard.errors';
import {
  DashboardPeriodDto,
  DashboardPhase,
  DashboardScopeDto,
  DashboardUnitDto,
  LettersPerMonthDto,
  OverdueDto,
  PendingDispositionsDto,
  PhaseTimesDto,
} from './dto/dashboard.dto';
import { DashboardQuery } from './dto/dashboard.query';

/** The longest period a figure covers: ten years of months. */
const MAX_MONTHS = 120;

/** The filters after defaults and checks, with the units they cover. */
interface Filter extends DashboardPeriodDto {
  unitIds: string[];
}

/** The current holder of position `p`, else whoever stands in for it now (Plt/Plh); as columns holder_id, holder_name. */
const HOLDER_SQL = `LEFT JOIN LATERAL (
    SELECT id AS holder_id, name AS holder_name FROM (
      (SELECT pe.id, pe.name, 0 AS rank, a.started_on AS since FROM position_assignment a JOIN person pe ON pe.id = a.person_id
        WHERE a.position_id = p.id AND a.started_on <= current_date AND (a.ended_on IS NULL OR a.ended_on >= current_date))
      UNION ALL
      (SELECT pe.id, pe.name, 1, d.starts_at::date FROM delegation d JOIN person pe ON pe.id = d.person_id
        WHERE d.position_id = p.id AND d.revoked_at IS NULL AND d.starts_at <= now() AND d.ends_at > now())
    ) h ORDER BY rank, since DESC LIMIT 1) holder ON true`;

/**
 * Dasbor for pimpinan and admins: aggregate figures over the units the caller heads (with the
 * units below them) or, for an admin, over every unit. Only counts leave here, never a subject.
 * A Rahasia or Sangat Rahasia letter counts only for a caller who may see it by the one
 * visibility rule (letters/access); an admin, who reads no mail, never counts one.
 *
 * Letters per month and the time in review and signing go by the letter's unit; overdue items
 * and pending dispositions go by the unit of the position they wait at.
 */
@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reads: ReadReplicas,
    private readonly access: LetterAccessRepository,
    private readonly registry: WorkflowRegistry,
  ) {}

  /** The units the caller may read: every one for an admin; the units whose head position they hold or stand in for, and those below. */
  async scope(principal: PersonPrincipal): Promise<DashboardScopeDto> {
    const allUnits = principal.roles.includes(Role.Admin);
    const units: DashboardUnitDto[] = allUnits
      ? await this.reads.query(principal, `SELECT id, code, name, parent_id AS "parentId" FROM unit ORDER BY name`)
      : principal.roles.includes(Role.Official)
        ? await this.reads.query(principal,
            `WITH RECURSIVE down AS (SELECT p.unit_id AS id FROM position p WHERE p.id = ANY($1::uuid[]) AND p.is_head
                                     UNION SELECT u.id FROM unit u JOIN down ON u.parent_id = down.id)
             SELECT u.id, u.code, u.name, u.parent_id AS "parentId" FROM unit u WHERE u.id IN (SELECT id FROM down) ORDER BY u.name`,
            [actingPositionIds(principal)],
          )
        : [];
    if (units.length === 0 && !allUnits) throw new DashboardError(DashboardErrorCode.DASHBOARD_NOT_ALLOWED, 'The dashboard is for admins and the heads of a unit');
    return { allUnits, units };
  }

  /** Letters drafted or registered per WIB month, by jenis naskah and unit. */
  async lettersPerMonth(q: DashboardQuery, principal: PersonPrincipal): Promise<LettersPerMonthDto> {
    const f = await this.filter(q, principal);
    const { sql, params } = this.counted(f, principal);
    const rows: { month: string; type: string; unitId: string; unitName: string; count: number }[] = await this.reads.query(principal,
      `SELECT to_char(l.created_at AT TIME ZONE '${WIB_TIME_ZONE}', 'YYYY-MM') AS month, l.workflow_key AS type, u.id AS "unitId", u.name AS "unitName", count(*)::int AS count
         FROM letter l JOIN unit u ON u.id = l.unit_id
        WHERE ${sql} AND ${period('l.created_at')}
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 4`,
      params,
    );
    const labels = new Map(this.registry.all().map((w) => [w.workflow.key, w.workflow.definition.name]));
    return { ...periodOf(f), months: monthsOf(f.from, f.to), rows: rows.map((r) => ({ ...r, typeLabel: labels.get(r.type) ?? r.type })) };
  }

  /**
   * Time spent in review and in signing: each stay in a state on the reviewers' or the signers'
   * route, from the transition that entered it to the one that left it (paraf of the last
   * reviewer, return, rejection...), counted in the period it ended in. Median and p90 per unit,
   * and over every unit of the answer.
   */
  async phaseTimes(q: DashboardQuery, principal: PersonPrincipal): Promise<PhaseTimesDto> {
    const f = await this.filter(q, principal);
    const { sql, params } = this.counted(f, principal);
    const rows: { unitId: string | null; unitName: string | null; route: string; count: number; median: number; p90: number }[] = await this.reads.query(principal,
      `WITH stays AS (
         SELECT l.unit_id, wd.definition->'states'->left_.from_state->>'route' AS route, extract(epoch FROM left_.at - entered.at)::float8 AS seconds
           FROM letter_history left_
           JOIN letter l ON l.id = left_.letter_id
           JOIN workflow_definition wd ON wd.id = l.workflow_definition_id
           CROSS JOIN LATERAL (SELECT e.at FROM letter_history e
                                WHERE e.letter_id = left_.letter_id AND e.seq < left_.seq AND e.to_state = left_.from_state
                                  AND e.from_state IS DISTINCT FROM left_.from_state
                                ORDER BY e.seq DESC LIMIT 1) entered
          WHERE left_.from_state IS NOT NULL AND left_.to_state <> left_.from_state AND ${sql} AND ${period('left_.at')})
       SELECT s.unit_id AS "unitId", u.name AS "unitName", s.route, count(*)::int AS count,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY s.seconds) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY s.seconds) AS p90
         FROM stays s LEFT JOIN unit u ON u.id = s.unit_id
        WHERE s.route IN ('reviewers', 'signers')
        GROUP BY GROUPING SETS ((s.unit_id, u.name, s.route), (s.route))
        ORDER BY u.name NULLS FIRST, s.route`,
      params,
    );
    return {
      ...periodOf(f),
      rows: rows.map((r) => ({
        unitId: r.unitId,
        unitName: r.unitName,
        phase: r.route === 'reviewers' ? DashboardPhase.Review : DashboardPhase.Signing,
        count: r.count,
        medianSeconds: Math.round(r.median),
        p90Seconds: Math.round(r.p90),
      })),
    };
  }

  /**
   * Overdue items: what waits at a position (review, paraf, signature, revision, disposition,
   * follow-up) past its deadline, by the inbox's rule, for positions of the units in scope,
   * among the items that arrived in the period.
   */
  async overdue(q: DashboardQuery, principal: PersonPrincipal): Promise<OverdueDto> {
    const f = await this.filter(q, principal);
    const { rule, params } = this.readable(f, principal);
    const rows: { positionId: string; positionName: string; unitId: string; unitName: string; personId: string | null; personName: string | null; count: number; oldestDueAt: Date | null }[] =
      await this.reads.query(principal,
        `WITH items AS (
           SELECT a.position_id,
                  CASE WHEN a.kind = 'follow_up'
                       THEN (SELECT min(d.due_at) FROM disposition d WHERE d.letter_id = a.letter_id AND d.to_position_id = a.position_id AND d.status IN ('sent', 'read'))
                       ELSE (SELECT max(dl.due_at) FROM letter_deadline dl WHERE dl.letter_id = l.id AND dl.state = l.state AND dl.cancelled_at IS NULL)
                  END AS due_at, l.overdue
             FROM letter_assignment a JOIN letter l ON l.id = a.letter_id JOIN position ap ON ap.id = a.position_id
            WHERE a.kind <> 'read' AND ap.unit_id = ANY($1::uuid[]) AND ${rule} AND ${period('a.created_at')})
         SELECT p.id AS "positionId", p.name AS "positionName", u.id AS "unitId", u.name AS "unitName",
                holder.holder_id AS "personId", holder.holder_name AS "personName", count(*)::int AS count, min(i.due_at) AS "oldestDueAt"
           FROM items i JOIN position p ON p.id = i.position_id JOIN unit u ON u.id = p.unit_id ${HOLDER_SQL}
          WHERE i.overdue OR i.due_at < now()
          GROUP BY p.id, p.name, u.id, u.name, holder.holder_id, holder.holder_name
          ORDER BY count(*) DESC, p.name`,
        params,
      );
    return { ...periodOf(f), total: sum(rows), byUnit: byUnit(rows), byPerson: rows };
  }

  /** Dispositions not acted on (sent or read, neither reported nor done), by the position they were sent to, among those sent in the period. */
  async pendingDispositions(q: DashboardQuery, principal: PersonPrincipal): Promise<PendingDispositionsDto> {
    const f = await this.filter(q, principal);
    const { rule, params } = this.readable(f, principal);
    const rows = await this.reads.query(principal,
      `SELECT p.id AS "positionId", p.name AS "positionName", u.id AS "unitId", u.name AS "unitName",
              holder.holder_id AS "personId", holder.holder_name AS "personName", count(*)::int AS count,
              count(*) FILTER (WHERE d.status = 'sent')::int AS unread, count(*) FILTER (WHERE d.due_at < now())::int AS overdue,
              min(d.created_at) AS "oldestSentAt"
         FROM disposition d JOIN letter l ON l.id = d.letter_id JOIN position p ON p.id = d.to_position_id JOIN unit u ON u.id = p.unit_id ${HOLDER_SQL}
        WHERE d.status IN ('sent', 'read') AND p.unit_id = ANY($1::uuid[]) AND ${rule} AND ${period('d.created_at')}
        GROUP BY p.id, p.name, u.id, u.name, holder.holder_id, holder.holder_name
        ORDER BY count(*) DESC, p.name`,
      params,
    );
    return { ...periodOf(f), total: sum(rows), rows };
  }

  /** The period and units after defaults; 400 for a period that runs backwards, 403 for a unit out of scope. */
  private async filter(q: DashboardQuery, principal: PersonPrincipal): Promise<Filter> {
    const today = wibDate(new Date());
    const to = q.to ?? today;
    const from = q.from ?? firstOfMonthBefore(to, 11);
    // Before 1900 no letter exists, and year 0 is no date PostgreSQL takes.
    if (from > to || from < '1900-01-01' || monthsOf(from, to).length > MAX_MONTHS) {
      throw new DashboardError(DashboardErrorCode.DASHBOARD_INVALID_PERIOD, `The period must run forwards from 1900 on, over at most ${MAX_MONTHS} months`, { from, to });
    }
    const scope = await this.scope(principal);
    const inScope = new Set(scope.units.map((u) => u.id));
    if (!q.unitId) return { from, to, unitId: null, unitIds: [...inScope] };
    if (!inScope.has(q.unitId)) throw new DashboardError(DashboardErrorCode.DASHBOARD_UNIT_NOT_ALLOWED, 'That unit is not one you head, nor below one');
    const below: { id: string }[] = await this.reads.query(principal,
      `WITH RECURSIVE down AS (SELECT id FROM unit WHERE id = $1 UNION SELECT u.id FROM unit u JOIN down ON u.parent_id = down.id) SELECT id FROM down`,
      [q.unitId],
    );
    return { from, to, unitId: q.unitId, unitIds: below.map((r) => r.id).filter((id) => inScope.has(id)) };
  }

  /** Parameters $1 units, $2 from, $3 to, $4 the confidential sifat, then the visibility rule's; the rule lets a confidential letter count only when visible. */
  private readable(f: Filter, principal: PersonPrincipal): { rule: string; params: unknown[] } {
    const visible = this.access.visibleSql(principal, 'l', 5);
    return { rule: `(l.sifat <> ALL($4::text[]) OR ${visible.sql})`, params: [f.unitIds, f.from, f.to, CONFIDENTIAL_SIFAT, ...visible.params] };
  }

  /** A letter of a unit in scope that the caller may count. */
  private counted(f: Filter, principal: PersonPrincipal): { sql: string; params: unknown[] } {
    const { rule, params } = this.readable(f, principal);
    return { sql: `l.unit_id = ANY($1::uuid[]) AND ${rule}`, params };
  }
}

/** [$2, $3] as WIB days, from the start of the first to the end of the last. */
function period(column: string): string {
  return `${column} >= ($2::date)::timestamp AT TIME ZONE '${WIB_TIME_ZONE}' AND ${column} < ($3::date + 1)::timestamp AT TIME ZONE '${WIB_TIME_ZONE}'`;
}

function periodOf(f: Filter): DashboardPeriodDto {
  return { from: f.from, to: f.to, unitId: f.unitId };
}

/** The first day of the month `back` months before the month of `day` (YYYY-MM-DD). */
export function firstOfMonthBefore(day: string, back: number): string {
  const months = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 - back;
  return `${String(Math.floor(months / 12)).padStart(4, '0')}-${String((months % 12) + 1).padStart(2, '0')}-01`;
}

/** Every month (YYYY-MM) from the one of `from` to the one of `to`. */
export function monthsOf(from: string, to: string): string[] {
  const index = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
  const months: string[] = [];
  for (let m = index(from); m <= Math.min(index(to), index(from) + MAX_MONTHS); m += 1) months.push(`${String(Math.floor(m / 12)).padStart(4, '0')}-${String((m % 12) + 1).padStart(2, '0')}`);
  return months;
}

function sum(rows: { count: number }[]): number {
  return rows.reduce((n, r) => n + r.count, 0);
}

function byUnit(rows: { unitId: string; unitName: string; count: number }[]): { unitId: string; unitName: string; count: number }[] {
  const units = new Map<string, { unitId: string; unitName: string; count: number }>();
  for (const r of rows) {
    const unit = units.get(r.unitId) ?? { unitId: r.unitId, unitName: r.unitName, count: 0 };
    unit.count += r.count;
    units.set(r.unitId, unit);
  }
  return [...units.values()].sort((a, b) => b.count - a.count || a.unitName.localeCompare(b.unitName));
}
