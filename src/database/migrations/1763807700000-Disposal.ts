import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Disposal (usul musnah) and transfer (serah): a disposal list is a letter of type usul-musnah
 * with its berkas; each letter whose contents were destroyed keeps a row naming the list and
 * the objects removed (with their SHA-256); a transfer keeps its package and its berkas.
 */
export class Disposal1763807700000 implements MigrationInterface {
  name = 'Disposal1763807700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE disposal_list (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        letter_id uuid NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'proposed',
        created_by_person_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        executed_at timestamptz,
        CONSTRAINT pk_disposal_list_id PRIMARY KEY (id),
        CONSTRAINT ck_disposal_list_status CHECK (status IN ('proposed', 'released', 'blocked', 'executing', 'executed')),
        CONSTRAINT fk_disposal_list_letter_id FOREIGN KEY (letter_id) REFERENCES letter(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE UNIQUE INDEX ux_disposal_list_letter_id ON disposal_list (letter_id)`);
    await q.query(`
      CREATE TABLE disposal_list_berkas (
        disposal_list_id uuid NOT NULL,
        berkas_id uuid NOT NULL,
        ordinal integer NOT NULL,
        CONSTRAINT pk_disposal_list_berkas_disposal_list_id_berkas_id PRIMARY KEY (disposal_list_id, berkas_id),
        CONSTRAINT fk_disposal_list_berkas_disposal_list_id FOREIGN KEY (disposal_list_id) REFERENCES disposal_list(id) ON DELETE CASCADE,
        CONSTRAINT fk_disposal_list_berkas_berkas_id FOREIGN KEY (berkas_id) REFERENCES berkas(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX ix_disposal_list_berkas_berkas_id ON disposal_list_berkas (berkas_id)`);
    await q.query(`
      CREATE TABLE destroyed_letter (
        letter_id uuid NOT NULL,
        disposal_list_id uuid NOT NULL,
        destroyed_at timestamptz NOT NULL DEFAULT now(),
        objects jsonb NOT NULL DEFAULT '[]',
        CONSTRAINT pk_destroyed_letter_letter_id PRIMARY KEY (letter_id),
        CONSTRAINT fk_destroyed_letter_letter_id FOREIGN KEY (letter_id) REFERENCES letter(id) ON DELETE RESTRICT,
        CONSTRAINT fk_destroyed_letter_disposal_list_id FOREIGN KEY (disposal_list_id) REFERENCES disposal_list(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX ix_destroyed_letter_disposal_list_id ON destroyed_letter (disposal_list_id)`);
    await q.query(`
      CREATE TABLE archive_transfer (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        package_object_id uuid NOT NULL,
        file_count integer NOT NULL,
        created_by_person_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_archive_transfer_id PRIMARY KEY (id),
        CONSTRAINT fk_archive_transfer_package_object_id FOREIGN KEY (package_object_id) REFERENCES stored_object(id) ON DELETE RESTRICT
      )`);
    await q.query(`
      CREATE TABLE archive_transfer_berkas (
        transfer_id uuid NOT NULL,
        berkas_id uuid NOT NULL,
        CONSTRAINT pk_archive_transfer_berkas_transfer_id_berkas_id PRIMARY KEY (transfer_id, berkas_id),
        CONSTRAINT fk_archive_transfer_berkas_transfer_id FOREIGN KEY (transfer_id) REFERENCES archive_transfer(id) ON DELETE CASCADE,
        CONSTRAINT fk_archive_transfer_berkas_berkas_id FOREIGN KEY (berkas_id) REFERENCES berkas(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE UNIQUE INDEX ux_archive_transfer_berkas_berkas_id ON archive_transfer_berkas (berkas_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE archive_transfer_berkas`);
    await q.query(`DROP TABLE archive_transfer`);
    await q.query(`DROP TABLE destroyed_letter`);
    await q.query(`DROP TABLE disposal_list_berkas`);
    await q.query(`DROP TABLE disposal_list`);
  }
}
