import { MigrationInterface, QueryRunner } from 'typeorm';

/** The key of the advisory lock that makes audit_chain() the single appender to the chain. */
export const AUDIT_CHAIN_LOCK = 7_403_012;

/**
 * Appends without a lock, chained by a single appender right after they commit.
 *
 * Before, audit_append() moved the chain head in the act's own transaction, so every audited
 * transaction held the head's row lock from its append until its commit had reached the disk:
 * audited commits went one at a time, and 16 writers got under half the throughput they had
 * without the trail. Now audit_append() only writes the entry to audit_pending (the columns
 * typed and checked as before, so a bad entry still fails its act); after the commit the
 * application calls audit_chain(), which under one advisory lock takes every committed pending
 * entry in order, chains it exactly as audit_append() did (same text, same hash, same head
 * trigger) and removes it from audit_pending. Commits of acts group as they do without the
 * trail, and one chaining transaction carries the entries of all the commits that queued
 * behind it.
 *
 * What stays true: an entry commits with its act or not at all; the chain has no fork and no
 * gap (one appender, the head moving one step per entry); nobody can change or remove a pending
 * entry (a trigger refuses UPDATE and TRUNCATE, and DELETE unless the entry is in the chain
 * already, which only audit_chain() does). The chain's order is the order in which entries were
 * chained, that is their commit order up to the few milliseconds a chaining takes; `at` keeps
 * each act's own time. A pending entry is as protected as a chained one against the
 * application's role; against the operator it is evident once chained and checkpointed, as any
 * entry after the last checkpoint always was. An entry whose chaining failed (a crash just
 * after the commit) is chained by the next audit_chain() of anyone: every commit with an entry,
 * the checkpoint job, and audit:verify call it.
 */
export class AuditDeferredChaining1763806510000 implements MigrationInterface {
  name = 'AuditDeferredChaining1763806510000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_pending (
        id bigint GENERATED ALWAYS AS IDENTITY,
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
        CONSTRAINT pk_audit_pending_id PRIMARY KEY (id)
      )`);
    // Which pending entry a chained one was: what lets a pending entry leave, and only once.
    await q.query(`ALTER TABLE audit_entry ADD COLUMN pending_id bigint`);
    await q.query(`CREATE UNIQUE INDEX uq_audit_entry_pending_id ON audit_entry (pending_id) WHERE pending_id IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION audit_pending_leave() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_entry WHERE pending_id = OLD.id) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_pending entries leave only into the chain: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_pending_leave BEFORE UPDATE OR DELETE ON audit_pending FOR EACH ROW EXECUTE FUNCTION audit_pending_leave()`);
    await q.query(`CREATE TRIGGER audit_pending_no_truncate BEFORE TRUNCATE ON audit_pending FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);

    // Same signature, so every caller (services, the transition statement) is unchanged; it
    // returns the pending entry's id now, its seq being known only once chained.
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_append(body text) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        b jsonb := body::jsonb;
        id bigint;
      BEGIN
        INSERT INTO audit_pending (at, actor_type, actor_id, client_address, request_id, action, object_type, object_id, letter_id, details)
        VALUES ((b ->> 'at')::timestamptz, b -> 'actor' ->> 'type', b -> 'actor' ->> 'id', b -> 'client' ->> 'address', b -> 'client' ->> 'requestId',
                b ->> 'action', b -> 'object' ->> 'type', b -> 'object' ->> 'id', (b ->> 'letterId')::uuid, coalesce(b -> 'details', '{}'))
        RETURNING audit_pending.id INTO id;
        RETURN id;
      END $$`);

    // The single appender. Called outside any other transaction (inside one it would hold the
    // lock until that commits, which is what this migration removes). Under READ COMMITTED each
    // statement here sees every entry committed before it started.
    //
    // mine: the caller's own pending entries, when it only needs those chained. It then returns
    // at once when another chaining took them already, before queueing for the lock and again
    // once granted it (waiters behind a chaining mostly find theirs chained by it: passing them
    // the lock in turn costs no write and no flush). Whoever holds the lock chains every pending
    // entry, not only its own. The wait is a plain FIFO lock queue, so no waiter can starve (a
    // try-lock loop here let 50 writers keep each other out for good).
    await q.query(`
      CREATE FUNCTION audit_chain(mine bigint[] DEFAULT NULL) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        p audit_pending%ROWTYPE;
        b jsonb;
        h record;
        chained bigint[] := '{}';
      BEGIN
        IF mine IS NOT NULL AND NOT EXISTS (SELECT 1 FROM audit_pending WHERE audit_pending.id = ANY (mine)) THEN
          RETURN 0;
        END IF;
        PERFORM pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK});
        IF mine IS NOT NULL AND NOT EXISTS (SELECT 1 FROM audit_pending WHERE audit_pending.id = ANY (mine)) THEN
          RETURN 0;
        END IF;
        FOR p IN SELECT * FROM audit_pending ORDER BY audit_pending.id LOOP
          b := jsonb_build_object(
            'at', to_char(p.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'actor', jsonb_build_object('type', p.actor_type, 'id', p.actor_id),
            'client', jsonb_build_object('address', p.client_address, 'requestId', p.request_id),
            'action', p.action,
            'object', jsonb_build_object('type', p.object_type, 'id', p.object_id),
            'letterId', p.letter_id,
            'details', p.details);
          UPDATE audit_chain_head
             SET seq = seq + 1, prev_hash = hash, hash = pg_catalog.sha256(hash || convert_to(audit_canonical(seq + 1, b), 'UTF8'))
           WHERE audit_chain_head.id = 1
          RETURNING seq, prev_hash, hash INTO h;
          INSERT INTO audit_entry (seq, at, actor_type, actor_id, client_address, request_id, action, object_type, object_id, letter_id, details, canonical, prev_hash, hash, pending_id)
          VALUES (h.seq, p.at, p.actor_type, p.actor_id, p.client_address, p.request_id, p.action, p.object_type, p.object_id, p.letter_id, p.details,
                  audit_canonical(h.seq, b), h.prev_hash, h.hash, p.id);
          chained := chained || p.id;
        END LOOP;
        IF cardinality(chained) > 0 THEN
          DELETE FROM audit_pending WHERE audit_pending.id = ANY (chained);
        END IF;
        RETURN cardinality(chained);
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SELECT audit_chain()`);
    await q.query(`DROP FUNCTION audit_chain(bigint[])`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_append(body text) RETURNS bigint LANGUAGE plpgsql AS $$
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
    await q.query(`DROP TRIGGER audit_pending_no_truncate ON audit_pending`);
    await q.query(`DROP TRIGGER audit_pending_leave ON audit_pending`);
    await q.query(`DROP FUNCTION audit_pending_leave()`);
    await q.query(`DROP INDEX uq_audit_entry_pending_id`);
    await q.query(`ALTER TABLE audit_entry DROP COLUMN pending_id`);
    await q.query(`DROP TABLE audit_pending`);
  }
}
