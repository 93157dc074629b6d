import type { CompiledQuery } from 'kysely';
import type { WorkflowHistoryEntry, WorkflowSnapshot } from '../../records/workflow-snapshot.types';
import { compileWith, part, RawBuilder, sql, StatementPart } from './statement-parts';

/**
 * The one statement of a transition: every write it makes, as named parts (common table
 * expressions) of one round trip. Each part writes only if `letter_row` holds the letter as
 * written, so nothing is written when the version check fails (or, for a new letter, when a
 * creating check fails). Parts other modules add (see TransitionWrite) select from the same
 * `letter_row`. The text this builds is committed in queries/transition.sql.
 */

/** The part that holds the letter's row as the statement writes it; every other part reads it. */
export const LETTER_ROW = 'letter_row';
/** In a creating statement, the checks that decide whether the letter is inserted (column `ok`). */
export const CREATE_GATE = 'create_gate';

/** Rows another module writes in the transition's statement, and whether they leave work for the outbox relay. */
export interface TransitionWrite {
  parts: StatementPart[];
  /** A boolean expression over the parts, true when they wrote outbox events the relay must handle. */
  queuesWork?: RawBuilder<boolean>;
}

/** The columns a new letter is inserted with (its workflow columns come from the start transition). */
export interface NewLetterColumns {
  kind: string;
  workflow_key: string;
  workflow_definition_id: string;
  route_plans: unknown;
  subject: string;
  sifat: string;
  urgency: string;
  module_id?: string | null;
  body: Record<string, unknown>;
  classification_code?: string | null;
  drafter_person_id?: string | null;
  /** The letter's unit is this position's unit. */
  drafter_position_id?: string | null;
  current_document_id?: string | null;
}

/**
 * A letter inserted by the statement that writes its start. It is inserted only if every
 * position named exists, every signer position may sign, and every condition of the creator's
 * own parts (`before`, which run first and may read CREATE_GATE) holds; else the final row says why.
 */
export interface LetterCreation {
  columns: NewLetterColumns;
  positions: { all: readonly string[]; signers: readonly string[] };
  /** Parts written before the letter row (e.g. an Idempotency-Key), with the conditions they leave. */
  before?: StatementPart[];
  requires?: RawBuilder<boolean>[];
  /**
   * Parts written after the transition's own and before other modules' (which may read them):
   * rows that belong to the new letter, such as its first version (which may read `participants`).
   */
  after?: StatementPart[];
}

/** Everything one transition writes, as values. */
export interface TransitionRows {
  letterId: string;
  snapshot: WorkflowSnapshot;
  /** The version the transition was computed from; the update applies only at it. */
  expectedVersion: number;
  /** 1 for a transition of an existing letter; 0 for a start (the letter keeps version 1). */
  versionIncrement: number;
  history: WorkflowHistoryEntry;
  actor: { personId: string | null; name: string | null; label: string };
  deadlines: { cancelId: string | null; set: { id: string; state: string; event: string; dueAt: string } | null };
  assignments: readonly { positionId: string; kind: string }[];
  outbox: readonly { type: string; payload: unknown }[];
  /** Outbox event types no job handles: settled as they are written. */
  recordOnly: readonly string[];
  participants: readonly { positionId: string; role: string; ordinal: number }[];
  notifications: readonly { positionId: string; kind: string; message: string }[];
  /** The audit entry's body (audit_append takes no lock; the entry is chained after the commit). */
  audit: string;
}

const from = sql.raw(LETTER_ROW);

/** The existing letter's row, updated only at the version the transition was computed from. */
function updateLetter(t: TransitionRows): StatementPart {
  return part(
    LETTER_ROW,
    sql`UPDATE letter SET state = ${t.snapshot.state}, snapshot = ${t.snapshot}, done = ${t.snapshot.done}, version = version + ${t.versionIncrement}, updated_at = now()
 WHERE id = ${t.letterId} AND version = ${t.expectedVersion} RETURNING *`,
  );
}

/**
 * The checks of a new letter, read once: the positions named that do not exist (in the order
 * given), and the signer positions that may not sign (with their names, for the answer).
 */
function createGate(c: LetterCreation): StatementPart {
  return part(
    CREATE_GATE,
    sql`SELECT cardinality(g.missing_position_ids) = 0 AND json_array_length(g.unable_signers) = 0 AS ok, g.missing_position_ids, g.unable_signers
  FROM (SELECT coalesce((SELECT array_agg(w.id ORDER BY w.n) FROM unnest(${[...c.positions.all]}::uuid[]) WITH ORDINALITY AS w(id, n)
                          WHERE NOT EXISTS (SELECT 1 FROM position p WHERE p.id = w.id)), '{}') AS missing_position_ids,
               coalesce((SELECT json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY w.n)
                           FROM unnest(${[...c.positions.signers]}::uuid[]) WITH ORDINALITY AS w(id, n) JOIN position p ON p.id = w.id WHERE NOT p.can_sign), '[]') AS unable_signers) g`,
  );
}

/** The new letter's row, inserted already in its first state if the gate and the creator's conditions hold. */
function insertLetter(t: TransitionRows, c: LetterCreation): StatementPart {
  const requires = (c.requires ?? []).map((r) => sql` AND ${r}`);
  return part(
    LETTER_ROW,
    sql`INSERT INTO letter (id, kind, workflow_key, workflow_definition_id, state, snapshot, done, route_plans, version, subject, sifat, urgency, module_id, body,
                    classification_code, drafter_person_id, drafter_position_id, unit_id, current_document_id)
SELECT ${t.letterId}::uuid, n.kind, n.workflow_key, n.workflow_definition_id, ${t.snapshot.state}::varchar, ${t.snapshot}::jsonb, ${t.snapshot.done}::boolean, n.route_plans,
       ${t.expectedVersion}::int + ${t.versionIncrement}::int, n.subject, n.sifat, n.urgency, n.module_id, n.body,
       n.classification_code, n.drafter_person_id, n.drafter_position_id, (SELECT p.unit_id FROM position p WHERE p.id = n.drafter_position_id), n.current_document_id
  FROM ${sql.raw(CREATE_GATE)}, jsonb_to_record(${JSON.stringify(c.columns)}::jsonb) AS n(kind varchar, workflow_key varchar, workflow_definition_id uuid, route_plans jsonb,
         subject varchar, sifat varchar, urgency varchar, module_id uuid, body jsonb, classification_code varchar, drafter_person_id uuid, drafter_position_id uuid, current_document_id uuid)
 WHERE ${sql.raw(CREATE_GATE)}.ok${sql.join(requires, sql.raw(''))}
RETURNING *`,
  );
}

/** The parts every transition writes, after its letter row. */
function transitionParts(t: TransitionRows): StatementPart[] {
  const { history, deadlines } = t;
  const set = deadlines.set;
  return [
    part(
      'history',
      sql`INSERT INTO letter_history (letter_id, seq, event, from_state, to_state, actor_person_id, actor_name, acted_as_position_id, capacity, actor_label, comment, revision, at)
SELECT ${from}.id, ${history.seq}, ${history.event}, ${history.from}, ${history.to}, ${t.actor.personId}, ${t.actor.name}, ${history.actedAs.positionId ?? null}, ${history.actedAs.capacity ?? null},
       ${t.actor.label}, ${history.comment ?? null}, ${history.revision}, ${history.at} FROM ${from}`,
    ),
    part(
      'deadline_cancelled',
      sql`UPDATE letter_deadline SET cancelled_at = now() WHERE id = ${deadlines.cancelId} AND fired_at IS NULL AND EXISTS (SELECT 1 FROM ${from})`,
    ),
    part(
      'deadline_set',
      sql`INSERT INTO letter_deadline (id, letter_id, state, event, due_at)
SELECT d.id, ${from}.id, d.state, d.event, d.due_at
  FROM ${from}, unnest(${set ? [set.id] : []}::text[], ${set ? [set.state] : []}::text[], ${set ? [set.event] : []}::text[], ${set ? [set.dueAt] : []}::timestamptz[]) AS d(id, state, event, due_at)
ON CONFLICT (id) DO NOTHING`,
    ),
    // Work items are replaced without touching a row twice: those no longer due are deleted, new
    // ones inserted, the rest kept (with their original date). Read receipts are never touched.
    part(
      'work_done',
      sql`DELETE FROM letter_assignment a USING ${from} WHERE a.letter_id = ${from}.id AND a.kind <> 'read'
   AND NOT EXISTS (SELECT 1 FROM work_items w WHERE w.position_id = a.position_id AND w.kind = a.kind)`,
    ),
    part(
      'work_due',
      sql`INSERT INTO letter_assignment (letter_id, position_id, kind)
SELECT ${from}.id, w.position_id, w.kind FROM ${from}, work_items w ON CONFLICT DO NOTHING`,
    ),
    // An outbox event no job handles is settled as it is written: the relay never reads it.
    part(
      'outbox',
      sql`INSERT INTO outbox_event (letter_id, type, payload, dispatched_at)
SELECT ${from}.id, e.type, e.payload, CASE WHEN e.type = ANY(${[...t.recordOnly]}::text[]) THEN now() END
  FROM ${from}, unnest(${t.outbox.map((e) => e.type)}::text[], ${t.outbox.map((e) => JSON.stringify(e.payload))}::jsonb[]) WITH ORDINALITY AS e(type, payload, n) ORDER BY e.n`,
    ),
    part(
      'participants',
      sql`INSERT INTO letter_participant (letter_id, position_id, role, ordinal)
SELECT ${from}.id, x.position_id, x.role, x.ordinal
  FROM ${from}, unnest(${t.participants.map((p) => p.positionId)}::uuid[], ${t.participants.map((p) => p.role)}::text[], ${t.participants.map((p) => p.ordinal)}::int[]) AS x(position_id, role, ordinal)
ON CONFLICT DO NOTHING RETURNING position_id, role, ordinal`,
    ),
    part(
      'notifications',
      sql`INSERT INTO notification (position_id, letter_id, kind, message)
SELECT n.position_id, ${from}.id, n.kind, n.message
  FROM ${from}, unnest(${t.notifications.map((n) => n.positionId)}::uuid[], ${t.notifications.map((n) => n.kind)}::text[], ${t.notifications.map((n) => n.message)}::text[]) WITH ORDINALITY AS n(position_id, kind, message, ord)
 ORDER BY n.ord`,
    ),
  ];
}

/**
 * The transition's statement. Its one row: the letter as written (none when an update's
 * version check failed), `relay_work` (another module's part left outbox events), the pending
 * audit entry's id, and for a new letter the gate's findings (the letter columns are NULL
 * when it was not inserted).
 */
export function transitionStatement(t: TransitionRows, writes: readonly TransitionWrite[], create?: LetterCreation): CompiledQuery {
  const workItems = part(
    'work_items',
    sql`SELECT * FROM unnest(${t.assignments.map((a) => a.positionId)}::uuid[], ${t.assignments.map((a) => a.kind)}::text[]) AS w(position_id, kind)`,
  );
  const parts: StatementPart[] = [
    ...(create ? [createGate(create), ...(create.before ?? []), insertLetter(t, create)] : [updateLetter(t)]),
    workItems,
    ...transitionParts(t),
    ...(create?.after ?? []),
    ...writes.flatMap((w) => w.parts),
    part('audit', sql`SELECT audit_append(${t.audit}) AS pending_id FROM ${from}`),
  ];
  const queued = writes.flatMap((w) => (w.queuesWork ? [w.queuesWork] : []));
  const relayWork = queued.length > 0 ? sql.join(queued, sql.raw(' OR ')) : sql.raw('false');
  const columns = sql`${from}.*, ${relayWork} AS relay_work, (SELECT pending_id::text FROM audit) AS audit_pending_id`;
  const final = create
    ? sql`SELECT ${columns}, g.missing_position_ids::text[], g.unable_signers FROM ${sql.raw(CREATE_GATE)} g LEFT JOIN ${from} ON true`
    : sql`SELECT ${columns} FROM ${from}`;
  return compileWith(parts, final);
}
