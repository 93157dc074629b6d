import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The place of a recipient or tembusan in the order the drafter gave: the letter prints them
 * in that order (protocol order: the most senior first), not alphabetically. Other roles keep 0.
 * Existing rows keep their alphabetical print order, as that is what their letters showed.
 */
export class ParticipantOrder1763806100000 implements MigrationInterface {
  name = 'ParticipantOrder1763806100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE letter_participant ADD COLUMN ordinal smallint NOT NULL DEFAULT 0`);
    await q.query(
      `UPDATE letter_participant lp SET ordinal = o.n
         FROM (SELECT lp2.letter_id, lp2.position_id, lp2.role, row_number() OVER (PARTITION BY lp2.letter_id, lp2.role ORDER BY p.name) AS n
                 FROM letter_participant lp2 JOIN position p ON p.id = lp2.position_id WHERE lp2.role IN ('recipient', 'tembusan')) o
        WHERE lp.letter_id = o.letter_id AND lp.position_id = o.position_id AND lp.role = o.role`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE letter_participant DROP COLUMN ordinal`);
  }
}
