import { MigrationInterface, QueryRunner } from 'typeorm';

/** Letters as state machines: definitions, letters, history, outbox, deadlines, assignments, participants, notifications. */
export class Workflow1763800200000 implements MigrationInterface {
  name = 'Workflow1763800200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow_definition (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        key varchar(64) NOT NULL,
        version integer NOT NULL,
        hash char(64) NOT NULL,
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_workflow_definition_id PRIMARY KEY (id)
      )`);
    await q.query(`CREATE UNIQUE INDEX ix_workflow_definition_hash ON workflow_definition (hash)`);
    await q.query(`CREATE INDEX ix_workflow_definition_key_version ON workflow_definition (key, version)`);

    await q.query(`
      CREATE TABLE letter (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind varchar(16) NOT NULL,
        workflow_key varchar(64) NOT NULL,
        workflow_definition_id uuid NOT NULL,
        state varchar(64) NOT NULL,
        snapshot jsonb NOT NULL,
        route_plans jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        subject varchar(500) NOT NULL,
        sifat varchar(16) NOT NULL DEFAULT 'biasa',
        urgency varchar(16) NOT NULL DEFAULT 'biasa',
        classification_code varchar(50),
        drafter_person_id uuid,
        module_id uuid,
        drafter_position_id uuid,
        unit_id uuid,
        body jsonb NOT NULL DEFAULT '{}',
        number varchar(120),
        done boolean NOT NULL DEFAULT false,
        overdue boolean NOT NULL DEFAULT false,
        filed_at timestamptz,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_letter_id PRIMARY KEY (id),
        CONSTRAINT fk_letter_workflow_definition_id FOREIGN KEY (workflow_definition_id) REFERENCES workflow_definition(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX ix_letter_drafter_person_id ON letter (drafter_person_id)`);
    await q.query(`CREATE INDEX ix_letter_module_id ON letter (module_id)`);
    await q.query(`CREATE INDEX ix_letter_state ON letter (state)`);
    await q.query(`CREATE INDEX ix_letter_created_at ON letter (created_at)`);

    await q.query(`
      CREATE TABLE letter_history (
        id bigserial NOT NULL,
        letter_id uuid NOT NULL,
        seq integer NOT NULL,
        event varchar(64) NOT NULL,
        from_state varchar(64),
        to_state varchar(64) NOT NULL,
        actor_person_id uuid,
        actor_name varchar(200),
        acted_as_position_id uuid,
        capacity varchar(8),
        actor_label varchar(500) NOT NULL,
        note text,
        revision integer NOT NULL,
        at timestamptz NOT NULL,
        CONSTRAINT pk_letter_history_id PRIMARY KEY (id)
      )`);
    await q.query(`CREATE UNIQUE INDEX ix_letter_history_letter_id_seq ON letter_history (letter_id, seq)`);

    await q.query(`
      CREATE TABLE outbox_event (
        id bigserial NOT NULL,
        letter_id uuid,
        type varchar(64) NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        CONSTRAINT pk_outbox_event_id PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX ix_outbox_event_pending ON outbox_event (id) WHERE dispatched_at IS NULL`);

    await q.query(`
      CREATE TABLE letter_deadline (
        id varchar(200) NOT NULL,
        letter_id uuid NOT NULL,
        state varchar(64) NOT NULL,
        event varchar(64) NOT NULL,
        due_at timestamptz NOT NULL,
        fired_at timestamptz,
        cancelled_at timestamptz,
        CONSTRAINT pk_letter_deadline_id PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX ix_letter_deadline_letter_id ON letter_deadline (letter_id)`);
    await q.query(`CREATE INDEX ix_letter_deadline_due ON letter_deadline (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL`);

    await q.query(`
      CREATE TABLE letter_assignment (
        letter_id uuid NOT NULL,
        position_id uuid NOT NULL,
        kind varchar(16) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_letter_assignment_letter_id_position_id_kind PRIMARY KEY (letter_id, position_id, kind)
      )`);
    await q.query(`CREATE INDEX ix_letter_assignment_position_id_created_at ON letter_assignment (position_id, created_at)`);

    await q.query(`
      CREATE TABLE letter_participant (
        letter_id uuid NOT NULL,
        position_id uuid NOT NULL,
        role varchar(16) NOT NULL,
        CONSTRAINT pk_letter_participant_letter_id_position_id_role PRIMARY KEY (letter_id, position_id, role)
      )`);
    await q.query(`CREATE INDEX ix_letter_participant_position_id ON letter_participant (position_id)`);

    await q.query(`
      CREATE TABLE notification (
        id bigserial NOT NULL,
        position_id uuid NOT NULL,
        letter_id uuid,
        kind varchar(32) NOT NULL,
        message varchar(500) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        CONSTRAINT pk_notification_id PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX ix_notification_position_id_created_at ON notification (position_id, created_at)`);

    await q.query(`
      CREATE TABLE letter_version (
        id bigserial NOT NULL,
        letter_id uuid NOT NULL,
        number integer NOT NULL,
        content jsonb NOT NULL,
        created_by_person_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_letter_version_id PRIMARY KEY (id)
      )`);
    await q.query(`CREATE UNIQUE INDEX ix_letter_version_letter_id_number ON letter_version (letter_id, number)`);

    await q.query(`
      CREATE TABLE workflow_action_done (
        outbox_id bigint NOT NULL,
        done_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_workflow_action_done_outbox_id PRIMARY KEY (outbox_id)
      )`);

    for (const table of ['letter_version', 'letter_history', 'letter_deadline', 'letter_assignment', 'letter_participant', 'notification']) {
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT fk_${table}_letter_id FOREIGN KEY (letter_id) REFERENCES letter(id) ON DELETE CASCADE`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['workflow_action_done', 'letter_version', 'notification', 'letter_participant', 'letter_assignment', 'letter_deadline', 'outbox_event', 'letter_history', 'letter', 'workflow_definition']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
