import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pemberkasan: berkas (case files) with the JRA version and retention they were filed under,
 * their items (a letter in at most one berkas: the letter is the key) and legal holds (at most
 * one not lifted per berkas).
 */
export class Archive1763807600000 implements MigrationInterface {
  name = 'Archive1763807600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE berkas (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL,
        number integer NOT NULL,
        classification_code varchar(50) NOT NULL,
        title varchar(500) NOT NULL,
        period_from date,
        period_to date,
        location varchar(200),
        development_level varchar(16) NOT NULL DEFAULT 'asli',
        status varchar(24) NOT NULL DEFAULT 'terbuka',
        jra_version varchar(64) NOT NULL,
        active_years smallint NOT NULL,
        inactive_years smallint NOT NULL,
        retention_trigger varchar(40) NOT NULL,
        final_disposition varchar(24) NOT NULL,
        trigger_occurred_on date,
        clock_started_on date,
        active_until date,
        inactive_until date,
        closed_at timestamptz,
        closed_by_person_id uuid,
        inactive_at timestamptz,
        inactive_by_person_id uuid,
        created_by_person_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_berkas_id PRIMARY KEY (id),
        CONSTRAINT uq_berkas_unit_id_number UNIQUE (unit_id, number),
        CONSTRAINT fk_berkas_unit_id FOREIGN KEY (unit_id) REFERENCES unit(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX ix_berkas_status_active_until ON berkas (status, active_until)`);
    await q.query(`CREATE INDEX ix_berkas_status_inactive_until ON berkas (status, inactive_until)`);
    await q.query(`
      CREATE TABLE berkas_item (
        letter_id uuid NOT NULL,
        berkas_id uuid NOT NULL,
        added_by_person_id uuid NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_berkas_item_letter_id PRIMARY KEY (letter_id),
        CONSTRAINT fk_berkas_item_letter_id FOREIGN KEY (letter_id) REFERENCES letter(id) ON DELETE RESTRICT,
        CONSTRAINT fk_berkas_item_berkas_id FOREIGN KEY (berkas_id) REFERENCES berkas(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_berkas_item_berkas_id ON berkas_item (berkas_id)`);
    await q.query(`
      CREATE TABLE berkas_legal_hold (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        berkas_id uuid NOT NULL,
        reason varchar(500) NOT NULL,
        placed_by_person_id uuid NOT NULL,
        placed_at timestamptz NOT NULL DEFAULT now(),
        lifted_at timestamptz,
        lifted_by_person_id uuid,
        lift_reason varchar(500),
        CONSTRAINT pk_berkas_legal_hold_id PRIMARY KEY (id),
        CONSTRAINT fk_berkas_legal_hold_berkas_id FOREIGN KEY (berkas_id) REFERENCES berkas(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX ux_berkas_legal_hold_active ON berkas_legal_hold (berkas_id) WHERE lifted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE berkas_legal_hold`);
    await q.query(`DROP TABLE berkas_item`);
    await q.query(`DROP TABLE berkas`);
  }
}
