import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search index: one row per letter, rebuilt by the `search.index` job (search/indexer).
 * - `document`: the weighted, stemmed `simple` vector (A number and subject, B names and
 *   classification, C body, D attachment and OCR text); `plain`: the same words unstemmed, for
 *   phrases; `numbers`: the letter's, sender's and agenda numbers normalised (lower case, OCR
 *   look-alikes in digit runs folded), for fragments and trigram typos; `names`: sender and
 *   recipient names, for trigram typos; `content`: the stored text snippets are cut from.
 * - the facet columns, denormalised so that a search is one query on this table joined to the
 *   letter's visibility rule (letters/access).
 * Triggers on the tables the index reads write a `search.index` outbox event for the letter,
 * so that the index follows every change through the outbox, whoever writes it.
 */
export class LetterSearch1763807400000 implements MigrationInterface {
  name = 'LetterSearch1763807400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE letter_search (
        letter_id uuid NOT NULL,
        document tsvector NOT NULL,
        plain tsvector NOT NULL,
        numbers text NOT NULL DEFAULT '',
        names text NOT NULL DEFAULT '',
        content text NOT NULL DEFAULT '',
        number varchar(120),
        subject varchar(500) NOT NULL,
        type varchar(64) NOT NULL,
        kind varchar(16) NOT NULL,
        classification_code varchar(50),
        unit_id uuid,
        sifat varchar(16) NOT NULL,
        state varchar(64) NOT NULL,
        letter_date timestamptz NOT NULL,
        year integer NOT NULL,
        indexed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_letter_search_letter_id PRIMARY KEY (letter_id),
        CONSTRAINT fk_letter_search_letter_id FOREIGN KEY (letter_id) REFERENCES letter(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_letter_search_document ON letter_search USING gin (document)`);
    await q.query(`CREATE INDEX ix_letter_search_plain ON letter_search USING gin (plain)`);
    await q.query(`CREATE INDEX ix_letter_search_numbers ON letter_search USING gin (numbers gin_trgm_ops)`);
    await q.query(`CREATE INDEX ix_letter_search_names ON letter_search USING gin (names gin_trgm_ops)`);
    await q.query(`CREATE INDEX ix_letter_search_letter_date ON letter_search (letter_date)`);

    // One function for every table: the letter id is in `id` (letter) or `letter_id` (the others).
    await q.query(`
      CREATE FUNCTION letter_search_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        target uuid;
      BEGIN
        IF TG_TABLE_NAME = 'letter' THEN
          target := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
        ELSE
          target := CASE WHEN TG_OP = 'DELETE' THEN OLD.letter_id ELSE NEW.letter_id END;
        END IF;
        IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'letter' THEN
          RETURN NULL;
        END IF;
        INSERT INTO outbox_event (letter_id, type, payload) VALUES (target, 'search.index', jsonb_build_object('letterId', target));
        RETURN NULL;
      END $$`);
    // A letter: its creation and a change of what the index holds (not of its lock version or document pointers).
    await q.query(`
      CREATE TRIGGER tg_letter_search_insert AFTER INSERT ON letter FOR EACH ROW EXECUTE FUNCTION letter_search_enqueue()`);
    await q.query(`
      CREATE TRIGGER tg_letter_search_update AFTER UPDATE OF subject, body, number, numbered_at, state, sifat, classification_code, unit_id, workflow_key ON letter
        FOR EACH ROW WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.body IS DISTINCT FROM NEW.body OR OLD.number IS DISTINCT FROM NEW.number
                           OR OLD.numbered_at IS DISTINCT FROM NEW.numbered_at OR OLD.state IS DISTINCT FROM NEW.state OR OLD.sifat IS DISTINCT FROM NEW.sifat
                           OR OLD.classification_code IS DISTINCT FROM NEW.classification_code OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
                           OR OLD.workflow_key IS DISTINCT FROM NEW.workflow_key)
        EXECUTE FUNCTION letter_search_enqueue()`);
    for (const table of ['incoming_letter', 'letter_participant', 'dispatch_item']) {
      await q.query(`CREATE TRIGGER tg_${table}_search AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION letter_search_enqueue()`);
    }
    // The letters there are already: indexed by the workers through the same events.
    await q.query(`INSERT INTO outbox_event (letter_id, type, payload) SELECT id, 'search.index', jsonb_build_object('letterId', id) FROM letter WHERE state <> '$new' ORDER BY id`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['incoming_letter', 'letter_participant', 'dispatch_item']) await q.query(`DROP TRIGGER IF EXISTS tg_${table}_search ON ${table}`);
    await q.query(`DROP TRIGGER IF EXISTS tg_letter_search_update ON letter`);
    await q.query(`DROP TRIGGER IF EXISTS tg_letter_search_insert ON letter`);
    await q.query(`DROP FUNCTION IF EXISTS letter_search_enqueue()`);
    await q.query(`DROP TABLE IF EXISTS letter_search`);
  }
}
