import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Integration API for other SIM modules: callback URLs and webhook secrets of modules,
 * approval requests, idempotency keys, webhook events and every delivery attempt.
 */
export class Integrations1763800600000 implements MigrationInterface {
  name = 'Integrations1763800600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE module_client ADD COLUMN callback_urls text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE module_client ADD COLUMN webhook_secret_encrypted text`);
    await q.query(`
      CREATE TABLE approval_request (
        letter_id uuid NOT NULL,
        module_id uuid NOT NULL,
        reference varchar(200) NOT NULL,
        title varchar(500) NOT NULL,
        description text,
        metadata jsonb NOT NULL DEFAULT '{}',
        callback_url varchar(2000),
        -- The PDF as the module sent it; the signed revisions are letter_document rows (documents module).
        pdf_object_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_approval_request_letter_id PRIMARY KEY (letter_id),
        CONSTRAINT fk_approval_request_letter_id FOREIGN KEY (letter_id) REFERENCES letter(id) ON DELETE CASCADE,
        CONSTRAINT fk_approval_request_module_id FOREIGN KEY (module_id) REFERENCES module_client(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX ix_approval_request_module_id_reference ON approval_request (module_id, reference)`);
    await q.query(`CREATE INDEX ix_approval_request_module_id_created_at ON approval_request (module_id, created_at)`);
    await q.query(`
      CREATE TABLE idempotency_key (
        module_id uuid NOT NULL,
        key varchar(200) NOT NULL,
        request_hash char(64) NOT NULL,
        approval_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT pk_idempotency_key_module_id_key PRIMARY KEY (module_id, key)
      )`);
    await q.query(`CREATE INDEX ix_idempotency_key_expires_at ON idempotency_key (expires_at)`);
    await q.query(`
      CREATE TABLE webhook_event (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        module_id uuid NOT NULL,
        letter_id uuid NOT NULL,
        sequence integer NOT NULL,
        type varchar(64) NOT NULL,
        payload jsonb NOT NULL,
        callback_url varchar(2000) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error varchar(500),
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        dead_at timestamptz,
        CONSTRAINT pk_webhook_event_id PRIMARY KEY (id)
      )`);
    await q.query(`CREATE UNIQUE INDEX ix_webhook_event_letter_id_sequence ON webhook_event (letter_id, sequence)`);
    await q.query(`CREATE INDEX ix_webhook_event_pending ON webhook_event (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX ix_webhook_event_dead ON webhook_event (dead_at) WHERE status = 'dead'`);
    await q.query(`
      CREATE TABLE webhook_attempt (
        id bigserial NOT NULL,
        event_id uuid NOT NULL,
        attempt integer NOT NULL,
        started_at timestamptz NOT NULL,
        status varchar(16) NOT NULL,
        status_code integer,
        latency_ms integer NOT NULL,
        error varchar(500),
        CONSTRAINT pk_webhook_attempt_id PRIMARY KEY (id),
        CONSTRAINT fk_webhook_attempt_event_id FOREIGN KEY (event_id) REFERENCES webhook_event(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_webhook_attempt_event_id ON webhook_attempt (event_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_attempt`);
    await q.query(`DROP TABLE webhook_event`);
    await q.query(`DROP TABLE idempotency_key`);
    await q.query(`DROP TABLE approval_request`);
    await q.query(`ALTER TABLE module_client DROP COLUMN webhook_secret_encrypted`);
    await q.query(`ALTER TABLE module_client DROP COLUMN callback_urls`);
  }
}
