import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The text of a letter's files, for search: one row per stored file version (the incoming
 * scan or a PDF attachment). `text` is what search reads: the PDF's own text layer, the OCR
 * sidecar, or TU's correction of it (`source`); the OCR text as it came is kept in `ocr_text`.
 * `status` follows the OCR job (waiting, running, done, failed with `failure_reason`);
 * `ocr_object_id` is the searchable PDF/A made by OCR, a new version beside the original,
 * which stays byte-exact.
 */
export class LetterText1763807500000 implements MigrationInterface {
  name = 'LetterText1763807500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE letter_text (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        letter_id uuid NOT NULL,
        object_id uuid NOT NULL,
        attachment_id uuid,
        status varchar(16) NOT NULL,
        source varchar(16),
        text text,
        ocr_text text,
        failure_reason varchar(500),
        ocr_object_id uuid,
        page_count integer,
        mean_confidence real,
        low_confidence_pages integer[] NOT NULL DEFAULT '{}',
        attempts integer NOT NULL DEFAULT 0,
        corrected_by_person_id uuid,
        corrected_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_letter_text_id PRIMARY KEY (id),
        CONSTRAINT uq_letter_text_object_id UNIQUE (object_id),
        CONSTRAINT ck_letter_text_status CHECK (status IN ('waiting', 'running', 'done', 'failed')),
        CONSTRAINT ck_letter_text_source CHECK (source IS NULL OR source IN ('text-layer', 'ocr', 'corrected')),
        CONSTRAINT fk_letter_text_letter_id FOREIGN KEY (letter_id) REFERENCES letter(id) ON DELETE CASCADE,
        CONSTRAINT fk_letter_text_object_id FOREIGN KEY (object_id) REFERENCES stored_object(id) ON DELETE RESTRICT,
        CONSTRAINT fk_letter_text_attachment_id FOREIGN KEY (attachment_id) REFERENCES letter_attachment(id) ON DELETE CASCADE,
        CONSTRAINT fk_letter_text_ocr_object_id FOREIGN KEY (ocr_object_id) REFERENCES stored_object(id) ON DELETE RESTRICT,
        CONSTRAINT fk_letter_text_corrected_by_person_id FOREIGN KEY (corrected_by_person_id) REFERENCES person(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX ix_letter_text_letter_id ON letter_text (letter_id)`);
    // The OCR sweep looks for rows whose job was lost.
    await q.query(`CREATE INDEX ix_letter_text_status_updated_at ON letter_text (status, updated_at) WHERE status IN ('waiting', 'running')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS letter_text`);
  }
}
