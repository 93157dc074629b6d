import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the position's holder (or Plt/Plh) opened an inbox item: a tembusan or a delivered letter
 * only asks to be read, so without this it never left the unread counters.
 */
export class InboxReadState1763806000000 implements MigrationInterface {
  name = 'InboxReadState1763806000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE letter_assignment ADD COLUMN read_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE letter_assignment DROP COLUMN read_at`);
  }
}
