import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The built-in RFC 3161 timestamp authority: its certificate under the deployment CA with its
 * sealed key (one row, like deployment_ca), and the sequence its serial numbers come from,
 * which never hands out a number twice (RFC 3161 §2.4.2: serials unique per TSA).
 */
export class TimestampAuthority1763807100000 implements MigrationInterface {
  name = 'TimestampAuthority1763807100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE timestamp_authority (
        id smallint NOT NULL DEFAULT 1,
        certificate_pem text NOT NULL,
        sealed_private_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_timestamp_authority_id PRIMARY KEY (id),
        CONSTRAINT ck_timestamp_authority_single CHECK (id = 1)
      )`);
    await q.query(`CREATE SEQUENCE timestamp_serial AS bigint START WITH 1 NO CYCLE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SEQUENCE timestamp_serial`);
    await q.query(`DROP TABLE timestamp_authority`);
  }
}
