import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pangkat/golongan of a civil servant (e.g. "Pembina Utama Muda (IV/c)"), printed between the
 * name and the NIP of a signature block (Permendagri 1/2023); null for a regional head or
 * anyone who is not an ASN.
 */
export class PersonRank1763805000000 implements MigrationInterface {
  name = 'PersonRank1763805000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person ADD COLUMN rank varchar(100)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person DROP COLUMN rank`);
  }
}
