import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Archive timestamps renewed: a letter's document gains a version of kind 'ltv-renewal' (the
 * same signed PDF with a fresh DSS and a new document timestamp appended; the older bytes stay).
 */
export class LtvRenewal1763807210000 implements MigrationInterface {
  name = 'LtvRenewal1763807210000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE letter_document DROP CONSTRAINT ck_letter_document_kind`);
    await q.query(`ALTER TABLE letter_document ADD CONSTRAINT ck_letter_document_kind CHECK (kind IN ('draft', 'final', 'signed', 'attachment-render', 'ltv-renewal'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM letter_document WHERE kind = 'ltv-renewal'`);
    await q.query(`ALTER TABLE letter_document DROP CONSTRAINT ck_letter_document_kind`);
    await q.query(`ALTER TABLE letter_document ADD CONSTRAINT ck_letter_document_kind CHECK (kind IN ('draft', 'final', 'signed', 'attachment-render'))`);
  }
}
