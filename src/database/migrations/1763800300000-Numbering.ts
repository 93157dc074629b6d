import { MigrationInterface, QueryRunner } from 'typeorm';

/** Letter numbering (nomor surat): format overrides, counters, the register of issued numbers, the letter's date. */
export class Numbering1763800300000 implements MigrationInterface {
  name = 'Numbering1763800300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE number_format (
        key varchar(64) NOT NULL,
        label varchar(200) NOT NULL,
        pattern varchar(100) NOT NULL,
        scope text[] NOT NULL,
        updated_by_person_id uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_number_format_key PRIMARY KEY (key)
      )`);

    await q.query(`
      CREATE TABLE number_counter (
        format_key varchar(64) NOT NULL,
        scope_key varchar(300) NOT NULL,
        year integer NOT NULL,
        value integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_number_counter_format_key_scope_key_year PRIMARY KEY (format_key, scope_key, year),
        CONSTRAINT ck_number_counter_value CHECK (value > 0)
      )`);

    await q.query(`
      CREATE TABLE letter_number (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        format_key varchar(64) NOT NULL,
        scope_key varchar(300) NOT NULL,
        year integer NOT NULL,
        sequence integer NOT NULL,
        number varchar(120) NOT NULL,
        status varchar(16) NOT NULL,
        letter_type varchar(64) NOT NULL,
        unit_id uuid,
        classification_code varchar(50),
        letter_id uuid,
        reserved_by_person_id uuid,
        issued_at timestamptz NOT NULL,
        used_at timestamptz,
        cancelled_at timestamptz,
        cancelled_by_person_id uuid,
        cancel_reason varchar(500),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_letter_number_id PRIMARY KEY (id),
        CONSTRAINT uq_letter_number_number UNIQUE (number),
        CONSTRAINT uq_letter_number_format_key_scope_key_year_sequence UNIQUE (format_key, scope_key, year, sequence),
        CONSTRAINT ck_letter_number_status CHECK (status IN ('reserved', 'used', 'cancelled')),
        CONSTRAINT ck_letter_number_used_letter CHECK (status <> 'used' OR letter_id IS NOT NULL),
        CONSTRAINT ck_letter_number_cancelled CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL)),
        CONSTRAINT fk_letter_number_letter_id FOREIGN KEY (letter_id) REFERENCES letter(id) ON DELETE RESTRICT,
        CONSTRAINT fk_letter_number_unit_id FOREIGN KEY (unit_id) REFERENCES unit(id) ON DELETE RESTRICT,
        CONSTRAINT fk_letter_number_reserved_by_person_id FOREIGN KEY (reserved_by_person_id) REFERENCES person(id) ON DELETE RESTRICT
      )`);
    // A letter holds at most one live number (a reservation or the number it was signed with).
    await q.query(`CREATE UNIQUE INDEX ux_letter_number_letter_id_active ON letter_number (letter_id) WHERE status <> 'cancelled'`);
    await q.query(`CREATE INDEX ix_letter_number_reserved_by_person_id ON letter_number (reserved_by_person_id, created_at)`);

    await q.query(`ALTER TABLE letter ADD COLUMN numbered_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE letter DROP COLUMN numbered_at`);
    for (const table of ['letter_number', 'number_counter', 'number_format']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
