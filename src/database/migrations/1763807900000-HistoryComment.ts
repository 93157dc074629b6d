import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A transition's catatan has one name inside and out: `comment`, as the API, the webhooks and
 * the engine call it (the history column was `note`, renamed on every read).
 */
export class HistoryComment1763807900000 implements MigrationInterface {
  name = 'HistoryComment1763807900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE letter_history RENAME COLUMN note TO comment`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE letter_history RENAME COLUMN comment TO note`);
  }
}
