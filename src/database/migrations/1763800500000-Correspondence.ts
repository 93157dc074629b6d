import { MigrationInterface, QueryRunner } from 'typeorm';

/** Surat masuk (agenda register), agenda counters per unit and year, dispositions (disposisi), attachments (lampiran) and the dispatch list of external recipients. */
export class Correspondence1763800500000 implements MigrationInterface {
  name = 'Correspondence1763800500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agenda_counter (
        register varchar(16) NOT NULL,
        unit_id uuid NOT NULL,
        year integer NOT NULL,
        value integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_agenda_counter_register_unit_id_year PRIMARY KEY (register, unit_id, year),
        CONSTRAINT ck_agenda_counter_value CHECK (value > 0),
        CONSTRAINT fk_agenda_counter_unit_id FOREIGN KEY (unit_id) REFERENCES unit(id) ON DELETE RESTRICT
      )`);

    await q.query(`
      CREATE TABLE incoming_letter (
        letter_id uuid NOT NULL,
        unit_id uuid NOT NULL,
        agenda_year integer NOT NULL,
        agenda_sequence integer NOT NULL,
        agenda_number varchar(40) NOT NULL,
        sender_name varchar(300) NOT NULL,
        sender_address varchar(500),
        sender_number varchar(120) NOT NULL,
        sender_number_key varchar(120) NOT NULL,
        sender_date date NOT NULL,
        received_at timestamptz NOT NULL,
        scan_object_id uuid NOT NULL,
        duplicate_of_letter_id uuid,
        registered_by_person_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_incoming_letter_letter_id PRIMARY KEY (letter_id),
        CONSTRAINT uq_incoming_letter_unit_id_agenda_year_agenda_sequence UNIQUE (unit_id, agenda_year, agenda_sequence),
        CONSTRAINT fk_incoming_letter_letter_id FOREIGN KEY (letter_id) REFERENCES letter(id) ON DELETE CASCADE,
        CONSTRAINT fk_incoming_letter_unit_id FOREIGN KEY (unit_id) REFERENCES unit(id) ON DELETE RESTRICT,
        CONSTRAINT fk_incoming_letter_scan_object_id FOREIGN KEY (scan_object_id) REFERENCES stored_object(id) ON DELETE RESTRICT,
        CONSTRAINT fk_incoming_letter_duplicate_of_letter_id FOREIGN KEY (duplicate_of_letter_id) REFERENCES letter(id) ON DELETE SET NULL,
        CONSTRAINT fk_incoming_letter_registered_by_person_id FOREIGN KEY (registered_by_person_id) REFERENCES person(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX ix_incoming_letter_unit_id_sender_number_key_sender_date ON incoming_letter (unit_id, sender_number_key, sender_date)`);
    await q.query(`CREATE INDEX ix_incoming_letter_unit_id_received_at ON incoming_letter (unit_id, received_at)`);

    await q.query(`
      CREATE TABLE disposition (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        letter_id uuid NOT NULL,
        parent_id uuid,
        from_position_id uuid NOT NULL,
        to_position_id uuid NOT NULL,
        instructions text[] NOT NULL DEFAULT '{}',
        note varchar(2000),
        due_at timestamptz,
        status varchar(16) NOT NULL DEFAULT 'sent',
        read_at timestamptz,
        read_by_person_id uuid,
        recalled_at timestamptz,
        reported_at timestamptz,
        report varchar(4000),
        report_object_id uuid,
        reported_by_person_id uuid,
        done_at timestamptz,
        overdue_notified_at timestamptz,
        created_by_person_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_disposition_id PRIMARY KEY (id),
        CONSTRAINT ck_disposition_status CHECK (status IN ('sent', 'read', 'recalled', 'reported', 'done')),
        CONSTRAINT ck_disposition_recalled CHECK ((status = 'recalled') = (recalled_at IS NOT NULL)),
        CONSTRAINT fk_disposition_letter_id FOREIGN KEY (letter_id) REFERENCES letter(id) ON DELETE CASCADE,
        CONSTRAINT fk_disposition_parent_id FOREIGN KEY (parent_id) REFERENCES disposition(id) ON DELETE RESTRICT,
        CONSTRAINT fk_disposition_from_position_id FOREIGN KEY (from_position_id) REFERENCES position(id) ON DELETE RESTRICT,
        CONSTRAINT fk_disposition_to_position_id FOREIGN KEY (to_position_id) REFERENCES position(id) ON DELETE RESTRICT,
        CONSTRAINT fk_disposition_report_object_id FOREIGN KEY (report_object_id) REFERENCES stored_object(id) ON DELETE RESTRICT,
        CONSTRAINT fk_disposition_created_by_person_id FOREIGN KEY (created_by_person_id) REFERENCES person(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX ix_disposition_letter_id ON disposition (letter_id)`);
    await q.query(`CREATE INDEX ix_disposition_to_position_id_status ON disposition (to_position_id, status)`);
    await q.query(`CREATE INDEX ix_disposition_due_at_open ON disposition (due_at) WHERE status IN ('sent', 'read') AND overdue_notified_at IS NULL`);

    await q.query(`
      CREATE TABLE letter_attachment (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        letter_id uuid NOT NULL,
        object_id uuid NOT NULL,
        name varchar(255) NOT NULL,
        content_type varchar(150) NOT NULL,
        size bigint NOT NULL,
        created_by_person_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_letter_attachment_id PRIMARY KEY (id),
        CONSTRAINT fk_letter_attachment_letter_id FOREIGN KEY (letter_id) REFERENCES letter(id) ON DELETE CASCADE,
        CONSTRAINT fk_letter_attachment_object_id FOREIGN KEY (object_id) REFERENCES stored_object(id) ON DELETE RESTRICT,
        CONSTRAINT fk_letter_attachment_created_by_person_id FOREIGN KEY (created_by_person_id) REFERENCES person(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX ix_letter_attachment_letter_id ON letter_attachment (letter_id)`);

    await q.query(`
      CREATE TABLE dispatch_item (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        letter_id uuid NOT NULL,
        seq integer NOT NULL,
        recipient_name varchar(200) NOT NULL,
        address varchar(500),
        email varchar(200),
        channel varchar(16) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending',
        dispatched_at timestamptz,
        dispatched_by_person_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_dispatch_item_id PRIMARY KEY (id),
        CONSTRAINT uq_dispatch_item_letter_id_seq UNIQUE (letter_id, seq),
        CONSTRAINT ck_dispatch_item_channel CHECK (channel IN ('paper', 'email')),
        CONSTRAINT ck_dispatch_item_status CHECK (status IN ('pending', 'dispatched')),
        CONSTRAINT fk_dispatch_item_letter_id FOREIGN KEY (letter_id) REFERENCES letter(id) ON DELETE CASCADE,
        CONSTRAINT fk_dispatch_item_dispatched_by_person_id FOREIGN KEY (dispatched_by_person_id) REFERENCES person(id) ON DELETE RESTRICT
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['dispatch_item', 'letter_attachment', 'disposition', 'incoming_letter', 'agenda_counter']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
