import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The caller's keys and the words in one GIN index each: `(readers, document)` and
 * `(readers, plain)`. A search as a normal official then finds its visible matches in one index
 * scan (GIN intersects the caller's few readers' entries with the word's posting tree, skipping
 * through it), exactly, without reading a row's vector from the heap to test the word: at 1M
 * letters that test was most of the time of a word in most letters. A query on the words alone
 * (the archivist's) or on the readers alone uses the same indexes, so the three single-column
 * ones go.
 */
export class SearchReadersWords1763809100000 implements MigrationInterface {
  name = 'SearchReadersWords1763809100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS ix_letter_search_readers_document ON letter_search USING gin (readers, document)`);
    await q.query(`CREATE INDEX IF NOT EXISTS ix_letter_search_readers_plain ON letter_search USING gin (readers, plain)`);
    await q.query(`DROP INDEX IF EXISTS ix_letter_search_document`);
    await q.query(`DROP INDEX IF EXISTS ix_letter_search_plain`);
    await q.query(`DROP INDEX IF EXISTS ix_letter_search_readers`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS ix_letter_search_document ON letter_search USING gin (document)`);
    await q.query(`CREATE INDEX IF NOT EXISTS ix_letter_search_plain ON letter_search USING gin (plain)`);
    await q.query(`CREATE INDEX IF NOT EXISTS ix_letter_search_readers ON letter_search USING gin (readers)`);
    await q.query(`DROP INDEX IF EXISTS ix_letter_search_readers_plain`);
    await q.query(`DROP INDEX IF EXISTS ix_letter_search_readers_document`);
  }
}
