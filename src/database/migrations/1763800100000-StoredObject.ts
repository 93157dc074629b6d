import { MigrationInterface, QueryRunner } from 'typeorm';

/** Stored files: where their bytes live, their SHA-256 and size. */
export class StoredObject1763800100000 implements MigrationInterface {
  name = 'StoredObject1763800100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stored_object (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        driver varchar(10) NOT NULL,
        bucket varchar(63),
        "key" varchar(200) NOT NULL,
        purpose varchar(41) NOT NULL,
        content_type varchar(255) NOT NULL,
        original_name varchar(255),
        size bigint NOT NULL,
        sha256 char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        CONSTRAINT pk_stored_object_id PRIMARY KEY (id),
        CONSTRAINT ck_stored_object_driver CHECK (driver IN ('fs', 's3')),
        CONSTRAINT ck_stored_object_size CHECK (size >= 0)
      )`);
    await q.query(`CREATE UNIQUE INDEX ix_stored_object_key ON stored_object ("key")`);
    await q.query(`CREATE INDEX ix_stored_object_sha256 ON stored_object (sha256)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stored_object`);
  }
}
