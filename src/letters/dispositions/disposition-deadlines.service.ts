import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobHandler } from '../../queue/job-handler.decorator';

/**
 * Each disposition's own batas waktu (the letter's deadline, from its urgency, is the
 * engine's): a periodic sweep marks every open disposition past its due time once and tells
 * the superior of the recipient and the sender. A sweep rather than one delayed job per
 * disposition: nothing is lost while Redis or the workers are down, and the mark makes it
 * idempotent.
 */
@Injectable()
export class DispositionDeadlines {
  private readonly logger = new Logger('DispositionDeadlines');

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @JobHandler('disposition.overdue-sweep')
  async sweep(): Promise<number> {
    return this.escalateOverdue();
  }

  /** Marks and escalates every open disposition past its due time; returns how many. */
  async escalateOverdue(limit = 500): Promise<number> {
    const rows: { n: number }[] = await this.db.query(
      `WITH due AS (
         UPDATE disposition d SET overdue_notified_at = now()
          WHERE d.id IN (SELECT id FROM disposition WHERE status IN ('sent', 'read') AND overdue_notified_at IS NULL AND due_at <= now()
                          ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING d.letter_id, d.from_position_id, d.to_position_id),
       notices AS (
         INSERT INTO notification (position_id, letter_id, kind, message)
         SELECT target, due.letter_id, 'disposition_overdue', left('Disposisi lewat batas waktu pada ' || pt.name || ': ' || l.subject, 500)
           FROM due JOIN position pt ON pt.id = due.to_position_id JOIN letter l ON l.id = due.letter_id
           CROSS JOIN LATERAL (SELECT DISTINCT unnest(ARRAY[pt.superior_id, due.from_position_id]) AS target) t
          WHERE target IS NOT NULL
         RETURNING 1)
       SELECT (SELECT count(*)::int FROM due) AS n, (SELECT count(*) FROM notices) AS notices`,
      [limit],
    );
    const n = rows[0]?.n ?? 0;
    if (n > 0) this.logger.log(`Escalated ${n} overdue disposition(s)`);
    return n;
  }
}
