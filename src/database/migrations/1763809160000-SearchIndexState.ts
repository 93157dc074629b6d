import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the stored search vectors were built with: `analyzer` holds the fingerprint of the
 * Indonesian analyzer (stemmer code, root-word list, exceptions, stop words). At start the
 * search indexer compares it with its own and, when they differ (or it is missing, as in every
 * deployment indexed before this table), queues every letter to be indexed again.
 */
export class SearchIndexState1763809160000 implements MigrationInterface {
  name = 'SearchIndexState1763809160000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE search_index_state (
        key text PRIMARY KEY,
        value text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE search_index_state`);
  }
}
