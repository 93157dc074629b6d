import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The visibility rule's keys on each search row: `readers`, the letter's drafter (person id)
 * and the positions its participant rows admit (letters/access `letterReadersSql`), with a GIN
 * index, so that a search's words and the caller's keys meet in the indexes (BitmapAnd) before
 * any row is read. The letter trigger also follows `delivered_at` (a recipient is admitted on
 * delivery) and the drafter. Every letter is queued once to fill the column.
 */
export class SearchReaders1763808700000 implements MigrationInterface {
  name = 'SearchReaders1763808700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE letter_search ADD COLUMN readers uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX ix_letter_search_readers ON letter_search USING gin (readers)`);
    await q.query(`DROP TRIGGER tg_letter_search_update ON letter`);
    await q.query(`
      CREATE TRIGGER tg_letter_search_update AFTER UPDATE OF subject, body, number, numbered_at, state, sifat, classification_code, unit_id, workflow_key,
                                                            delivered_at, drafter_person_id ON letter
        FOR EACH ROW WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.body IS DISTINCT FROM NEW.body OR OLD.number IS DISTINCT FROM NEW.number
                           OR OLD.numbered_at IS DISTINCT FROM NEW.numbered_at OR OLD.state IS DISTINCT FROM NEW.state OR OLD.sifat IS DISTINCT FROM NEW.sifat
                           OR OLD.classification_code IS DISTINCT FROM NEW.classification_code OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
                           OR OLD.workflow_key IS DISTINCT FROM NEW.workflow_key OR OLD.delivered_at IS DISTINCT FROM NEW.delivered_at
                           OR OLD.drafter_person_id IS DISTINCT FROM NEW.drafter_person_id)
        EXECUTE FUNCTION letter_search_enqueue()`);
    await q.query(`INSERT INTO outbox_event (letter_id, type, payload) SELECT letter_id, 'search.index', jsonb_build_object('letterId', letter_id) FROM letter_search ORDER BY letter_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tg_letter_search_update ON letter`);
    await q.query(`
      CREATE TRIGGER tg_letter_search_update AFTER UPDATE OF subject, body, number, numbered_at, state, sifat, classification_code, unit_id, workflow_key ON letter
        FOR EACH ROW WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.body IS DISTINCT FROM NEW.body OR OLD.number IS DISTINCT FROM NEW.number
                           OR OLD.numbered_at IS DISTINCT FROM NEW.numbered_at OR OLD.state IS DISTINCT FROM NEW.state OR OLD.sifat IS DISTINCT FROM NEW.sifat
                           OR OLD.classification_code IS DISTINCT FROM NEW.classification_code OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
                           OR OLD.workflow_key IS DISTINCT FROM NEW.workflow_key)
        EXECUTE FUNCTION letter_search_enqueue()`);
    await q.query(`DROP INDEX IF EXISTS ix_letter_search_readers`);
    await q.query(`ALTER TABLE letter_search DROP COLUMN IF EXISTS readers`);
  }
}
