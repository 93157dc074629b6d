import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a signed version's newest timestamp needs renewing (its TSA certificate's notAfter;
 * -infinity when it has none or a weak hash), written as the version is stored, so the daily
 * renewal job finds the due ones in the index instead of opening every archived PDF. NULL:
 * not yet known (versions stored before this column); the job reads those once and fills it.
 */
export class ArchiveRenewBy1763807800000 implements MigrationInterface {
  name = 'ArchiveRenewBy1763807800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE letter_document ADD COLUMN renew_by timestamptz`);
    await q.query(`CREATE INDEX ix_letter_document_renew_by ON letter_document (renew_by) WHERE kind IN ('signed', 'ltv-renewal')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_letter_document_renew_by`);
    await q.query(`ALTER TABLE letter_document DROP COLUMN renew_by`);
  }
}
