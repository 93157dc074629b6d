import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications out of the browser: a person's WhatsApp number, their choices per kind and
 * channel (one row; no row means the defaults), one row per message sent or given up on (the
 * dead letters), and the days a digest went out. A notice of a kind people may receive
 * outside the app writes a `notification.deliver` outbox event in the same statement (a
 * statement trigger, so every writer of notices, in any module, is covered and a transition
 * that notifies ten positions writes one event).
 */
export class NotificationChannels1763808200000 implements MigrationInterface {
  name = 'NotificationChannels1763808200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person ADD COLUMN phone varchar(20)`);
    await q.query(`
      CREATE TABLE notification_preference (
        person_id uuid NOT NULL,
        channels jsonb NOT NULL,
        digest boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_notification_preference_person_id PRIMARY KEY (person_id),
        CONSTRAINT fk_notification_preference_person_id FOREIGN KEY (person_id) REFERENCES person(id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE notification_delivery (
        id bigserial NOT NULL,
        notification_id bigint,
        person_id uuid NOT NULL,
        channel varchar(16) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        last_error varchar(300),
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz,
        CONSTRAINT pk_notification_delivery_id PRIMARY KEY (id),
        CONSTRAINT ck_notification_delivery_channel CHECK (channel IN ('email', 'whatsapp')),
        CONSTRAINT ck_notification_delivery_status CHECK (status IN ('pending', 'sent', 'failed', 'digest', 'digested')),
        CONSTRAINT fk_notification_delivery_notification_id FOREIGN KEY (notification_id) REFERENCES notification(id) ON DELETE CASCADE,
        CONSTRAINT fk_notification_delivery_person_id FOREIGN KEY (person_id) REFERENCES person(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX ux_notification_delivery_notification_person_channel ON notification_delivery (notification_id, person_id, channel)`);
    await q.query(`CREATE INDEX ix_notification_delivery_digest ON notification_delivery (person_id) WHERE status = 'digest'`);
    await q.query(`CREATE INDEX ix_notification_delivery_failed ON notification_delivery (created_at) WHERE status = 'failed'`);
    await q.query(`CREATE INDEX ix_notification_delivery_pending ON notification_delivery (created_at) WHERE status = 'pending'`);
    await q.query(`
      CREATE TABLE notification_digest (
        person_id uuid NOT NULL,
        day date NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_notification_digest_person_id_day PRIMARY KEY (person_id, day),
        CONSTRAINT fk_notification_digest_person_id FOREIGN KEY (person_id) REFERENCES person(id) ON DELETE CASCADE
      )`);
    // The kind a person chooses channels for; null: a notice that stays in the app.
    await q.query(`
      CREATE FUNCTION notification_preference_kind(kind text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
          WHEN kind IN ('sign_request', 'action_sign') THEN 'signature'
          WHEN kind IN ('action_review', 'action_approve') THEN 'review'
          WHEN kind IN ('disposition', 'disposition_report', 'action_dispose') THEN 'disposition'
          WHEN kind IN ('overdue', 'disposition_overdue') THEN 'deadline'
        END
      $$`);
    await q.query(`
      CREATE FUNCTION notification_deliver_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO outbox_event (letter_id, type, payload)
        SELECT NULL, 'notification.deliver', jsonb_build_object('notificationIds', jsonb_agg(n.id::text ORDER BY n.id))
          FROM new_rows n WHERE notification_preference_kind(n.kind) IS NOT NULL
        HAVING count(*) > 0;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER tr_notification_deliver AFTER INSERT ON notification
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notification_deliver_outbox()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_notification_deliver ON notification`);
    await q.query(`DROP FUNCTION notification_deliver_outbox()`);
    await q.query(`DROP FUNCTION notification_preference_kind(text)`);
    await q.query(`DROP TABLE notification_digest`);
    await q.query(`DROP TABLE notification_delivery`);
    await q.query(`DROP TABLE notification_preference`);
    await q.query(`ALTER TABLE person DROP COLUMN phone`);
  }
}
