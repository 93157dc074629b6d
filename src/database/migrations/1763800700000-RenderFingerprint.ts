import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fingerprint of what a render was made from (template set, mode and every input), so a
 * letter resubmitted unchanged keeps its draft PDF instead of rendering and storing it again.
 */
export class RenderFingerprint1763800700000 implements MigrationInterface {
  name = 'RenderFingerprint1763800700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE letter_document ADD COLUMN render_sha256 char(64)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE letter_document DROP COLUMN render_sha256`);
  }
}
