import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonPrincipal } from '../../records/principal';
import { wibDate } from '../../common/time/wib';
import { JobHandler } from '../../queue/job-handler.decorator';
import { berkasScopeSql } from '../archive-access';
import { BerkasStatus } from '../../records/berkas.entity';
import { BERKAS_COLUMNS, BerkasRow, BerkasService } from '../berkas/berkas.service';
import { DUE_KINDS, DueKind, DueQuery } from '../berkas/dto/berkas-input.dto';
import { FinalDisposition } from '../../classification/jra/jra';
import { DueListDto } from './dto/due.dto';
import { dueDates } from './retention-dates';

const BATCH = 1000;

/** What each kind of due list asks of a berkas, as SQL on `b` with the day as $1. */
const DUE_SQL: Record<DueKind, string> = {
  inaktif: `b.status = '${BerkasStatus.Closed}' AND b.active_until <= $1::date`,
  musnah: `b.status = '${BerkasStatus.Inactive}' AND b.inactive_until <= $1::date AND b.final_disposition = '${FinalDisposition.Destroy}'`,
  serah: `b.status = '${BerkasStatus.Inactive}' AND b.inactive_until <= $1::date AND b.final_disposition = '${FinalDisposition.Permanent}'`,
  dinilai_kembali: `b.status = '${BerkasStatus.Inactive}' AND b.inactive_until <= $1::date AND b.final_disposition = '${FinalDisposition.Review}'`,
};

const HELD = `EXISTS (SELECT 1 FROM berkas_legal_hold lh WHERE lh.berkas_id = b.id AND lh.lifted_at IS NULL)`;

/**
 * Retention: the daily job recomputes every live berkas's due dates from the facts it was
 * filed under (retention-dates.ts) and counts what is due; the due lists (usul pindah inaktif,
 * usul musnah, usul serah) are computed for a day given as a parameter, today by default.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly berkas: BerkasService,
  ) {}

  @JobHandler('archive.retention-sweep')
  async sweep(): Promise<Record<DueKind, number>> {
    return this.run(wibDate(new Date()));
  }

  /** Recomputes the due dates of every berkas not yet disposed of, then counts what is due on `today`. */
  async run(today: string): Promise<Record<DueKind, number>> {
    let changed = 0;
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const rows: BerkasRow[] = await this.db.query(
        `SELECT ${BERKAS_COLUMNS} FROM berkas b WHERE b.id > $1 AND b.status = ANY($2::text[]) ORDER BY b.id LIMIT ${BATCH}`,
        [after, [BerkasStatus.Open, BerkasStatus.Closed, BerkasStatus.Inactive]],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      const updates = rows
        .map((r) => ({ id: r.id, before: r, due: dueDates(r) }))
        .filter(({ before, due }) => before.clockStartedOn !== due.clockStartedOn || before.activeUntil !== due.activeUntil || before.inactiveUntil !== due.inactiveUntil);
      if (updates.length > 0) {
        await this.db.query(
          `UPDATE berkas b SET clock_started_on = d.s, active_until = d.a, inactive_until = d.i
             FROM unnest($1::uuid[], $2::date[], $3::date[], $4::date[]) AS d(id, s, a, i) WHERE b.id = d.id`,
          [updates.map((u) => u.id), updates.map((u) => u.due.clockStartedOn), updates.map((u) => u.due.activeUntil), updates.map((u) => u.due.inactiveUntil)],
        );
        changed += updates.length;
      }
      if (rows.length < BATCH) break;
    }
    const counts = {} as Record<DueKind, number>;
    for (const kind of DUE_KINDS) {
      const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM berkas b WHERE ${DUE_SQL[kind]} AND NOT ${HELD}`, [today]);
      counts[kind] = n;
    }
    this.logger.log(`Retention on ${today}: ${changed} berkas recomputed; due: ${DUE_KINDS.map((k) => `${k} ${counts[k]}`).join(', ')}`);
    return counts;
  }

  /** The berkas the caller keeps that are due for `kind` on the day (asOf, else today). */
  async due(q: DueQuery, principal: PersonPrincipal): Promise<DueListDto> {
    const asOf = q.asOf ?? wibDate(new Date());
    const scope = berkasScopeSql(principal, 'b', 2);
    const params: unknown[] = [asOf, ...scope.params];
    const where = [DUE_SQL[q.kind], scope.sql];
    if (q.unitId) where.push(`b.unit_id = $${params.push(q.unitId)}`);
    const [{ held }] = await this.db.query(`SELECT count(*)::int AS held FROM berkas b WHERE ${where.join(' AND ')} AND ${HELD}`, params);
    const ids: { id: string }[] = await this.db.query(
      `SELECT b.id FROM berkas b WHERE ${where.join(' AND ')} AND NOT ${HELD} ORDER BY ${q.kind === 'inaktif' ? 'b.active_until' : 'b.inactive_until'}, b.unit_id, b.number LIMIT 500`,
      params,
    );
    const page = ids.length ? await this.berkas.listByIds(ids.map((r) => r.id)) : [];
    return { kind: q.kind, asOf, items: page, heldCount: held };
  }
}
