import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tamper-evident audit trail. Every entry is hash-chained to the one before it:
 * hash = sha256(prev_hash || canonical), where canonical is the entry's own text (its seq and a
 * canonical JSON body). One row, audit_chain_head, holds the last seq and hash: appending updates
 * it, so concurrent appends queue on its row lock and the chain has no fork and no gap.
 * audit_append() is the only writer. Triggers refuse UPDATE, DELETE and TRUNCATE of the
 * entries, the checkpoints and letter_history, for every role, and letter_history no longer
 * goes away with its letter.
 */
export class AuditTrail1763801000000 implements MigrationInterface {
  name = 'AuditTrail1763801000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await this.protect(q, 'letter_history');

    await q.query(`
      CREATE TABLE audit_entry (
        seq bigint NOT NULL,
        at timestamptz NOT NULL,
        actor_type varchar(16) NOT NULL,
        actor_id varchar(64),
        client_address varchar(64),
        request_id varchar(64),
        action varchar(64) NOT NULL,
        object_type varchar(32),
        object_id varchar(128),
        letter_id uuid,
        details jsonb NOT NULL,
        canonical text NOT NULL,
        prev_hash bytea NOT NULL,
        hash bytea NOT NULL,
        CONSTRAINT pk_audit_entry_seq PRIMARY KEY (seq)
      )`);
    await q.query(`CREATE INDEX ix_audit_entry_letter_id_seq ON audit_entry (letter_id, seq) WHERE letter_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_audit_entry_actor_id_seq ON audit_entry (actor_id, seq) WHERE actor_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_audit_entry_object_id_seq ON audit_entry (object_id, seq) WHERE object_id IS NOT NULL`);

    // Updated by every append: a small row on pages with room for HOT updates.
    await q.query(`
      CREATE TABLE audit_chain_head (
        id smallint NOT NULL CHECK (id = 1),
        seq bigint NOT NULL,
        prev_hash bytea NOT NULL,
        hash bytea NOT NULL,
        CONSTRAINT pk_audit_chain_head_id PRIMARY KEY (id)
      ) WITH (fillfactor = 10)`);
    await q.query(`INSERT INTO audit_chain_head (id, seq, prev_hash, hash) VALUES (1, 0, '\\x', decode(repeat('00', 32), 'hex'))`);

    await q.query(`
      CREATE TABLE audit_checkpoint (
        id bigserial NOT NULL,
        at timestamptz NOT NULL,
        head_seq bigint NOT NULL,
        head_hash bytea NOT NULL,
        canonical text NOT NULL,
        signature bytea NOT NULL,
        CONSTRAINT pk_audit_checkpoint_id PRIMARY KEY (id)
      )`);
    // When a checkpoint was sent out: apart, so the checkpoint itself stays append-only.
    await q.query(`
      CREATE TABLE audit_checkpoint_delivery (
        checkpoint_id bigint NOT NULL REFERENCES audit_checkpoint (id),
        sent_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_audit_checkpoint_delivery_checkpoint_id PRIMARY KEY (checkpoint_id)
      )`);
    await this.protect(q, 'audit_entry');
    await this.protect(q, 'audit_checkpoint');

    // The head only ever moves one step forward, and is never removed.
    await q.query(`
      CREATE FUNCTION audit_chain_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' OR NEW.seq <> OLD.seq + 1 OR NEW.prev_hash <> OLD.hash THEN
          RAISE EXCEPTION 'audit_chain_head only moves forward by audit_append()' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE OR DELETE ON audit_chain_head FOR EACH ROW EXECUTE FUNCTION audit_chain_head_forward()`);
    await q.query(`CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);

    // The canonical text of entry n: what is hashed and stored. Its body is the entry as jsonb
    // prints it (keys in jsonb's order, one space after ':' and ','), so it can be rebuilt from
    // the entry's columns; src/audit/audit-canonical.ts writes the same text.
    await q.query(`
      CREATE FUNCTION audit_canonical(seq bigint, body jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT 'esurat-audit/1' || chr(10) || seq::text || chr(10) || body::text
      $$`);
    // The body is rebuilt from the columns it fills, so the stored text always matches them
    // (audit:verify rebuilds it the same way; AUDIT_BODY_SQL in src/audit/audit-verifier.ts).
    await q.query(`
      CREATE FUNCTION audit_append(body text) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        b jsonb := body::jsonb;
        e audit_entry%ROWTYPE;
        h record;
      BEGIN
        e.at := (b ->> 'at')::timestamptz;
        e.actor_type := b -> 'actor' ->> 'type';
        e.actor_id := b -> 'actor' ->> 'id';
        e.client_address := b -> 'client' ->> 'address';
        e.request_id := b -> 'client' ->> 'requestId';
        e.action := b ->> 'action';
        e.object_type := b -> 'object' ->> 'type';
        e.object_id := b -> 'object' ->> 'id';
        e.letter_id := (b ->> 'letterId')::uuid;
        e.details := coalesce(b -> 'details', '{}');
        b := jsonb_build_object(
          'at', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'actor', jsonb_build_object('type', e.actor_type, 'id', e.actor_id),
          'client', jsonb_build_object('address', e.client_address, 'requestId', e.request_id),
          'action', e.action,
          'object', jsonb_build_object('type', e.object_type, 'id', e.object_id),
          'letterId', e.letter_id,
          'details', e.details);
        UPDATE audit_chain_head
           SET seq = seq + 1, prev_hash = hash, hash = pg_catalog.sha256(hash || convert_to(audit_canonical(seq + 1, b), 'UTF8'))
         WHERE id = 1
        RETURNING seq, prev_hash, hash INTO h;
        INSERT INTO audit_entry (seq, at, actor_type, actor_id, client_address, request_id, action, object_type, object_id, letter_id, details, canonical, prev_hash, hash)
        VALUES (h.seq, e.at, e.actor_type, e.actor_id, e.client_address, e.request_id, e.action, e.object_type, e.object_id, e.letter_id, e.details,
                audit_canonical(h.seq, b), h.prev_hash, h.hash);
        RETURN h.seq;
      END $$`);

    // History outlives its letter: a letter with history cannot be deleted.
    await q.query(`ALTER TABLE letter_history DROP CONSTRAINT fk_letter_history_letter_id`);
    await q.query(`ALTER TABLE letter_history ADD CONSTRAINT fk_letter_history_letter_id FOREIGN KEY (letter_id) REFERENCES letter(id) ON DELETE RESTRICT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE letter_history DROP CONSTRAINT fk_letter_history_letter_id`);
    await q.query(`ALTER TABLE letter_history ADD CONSTRAINT fk_letter_history_letter_id FOREIGN KEY (letter_id) REFERENCES letter(id) ON DELETE CASCADE`);
    await q.query(`DROP TRIGGER letter_history_append_only ON letter_history`);
    await q.query(`DROP TRIGGER letter_history_no_truncate ON letter_history`);
    await q.query(`DROP FUNCTION audit_append(text)`);
    await q.query(`DROP FUNCTION audit_canonical(bigint, jsonb)`);
    await q.query(`DROP TABLE audit_checkpoint_delivery`);
    await q.query(`DROP TABLE audit_checkpoint`);
    await q.query(`DROP TABLE audit_chain_head`);
    await q.query(`DROP TABLE audit_entry`);
    await q.query(`DROP FUNCTION audit_chain_head_forward()`);
    await q.query(`DROP FUNCTION refuse_change()`);
  }

  private async protect(q: QueryRunner, table: string): Promise<void> {
    await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
  }
}
