-- Integrations' parts of the transition statement (approval-statement-parts.ts) as sent to PostgreSQL
-- Generated: UPDATE_SQL=1 npx jest --config jest.config.js <this folder> --selectProjects unit

-- transition of an approval with its webhook (41 parameters)
WITH letter_row AS (
UPDATE letter SET state = $1, snapshot = $2, done = $3, version = version + $4, updated_at = now()
 WHERE id = $5 AND version = $6 RETURNING *),
work_items AS (
SELECT * FROM unnest($7::uuid[], $8::text[]) AS w(position_id, kind)),
history AS (
INSERT INTO letter_history (letter_id, seq, event, from_state, to_state, actor_person_id, actor_name, acted_as_position_id, capacity, actor_label, comment, revision, at)
SELECT letter_row.id, $9, $10, $11, $12, $13, $14, $15, $16,
       $17, $18, $19, $20 FROM letter_row),
deadline_cancelled AS (
UPDATE letter_deadline SET cancelled_at = now() WHERE id = $21 AND fired_at IS NULL AND EXISTS (SELECT 1 FROM letter_row)),
deadline_set AS (
INSERT INTO letter_deadline (id, letter_id, state, event, due_at)
SELECT d.id, letter_row.id, d.state, d.event, d.due_at
  FROM letter_row, unnest($22::text[], $23::text[], $24::text[], $25::timestamptz[]) AS d(id, state, event, due_at)
ON CONFLICT (id) DO NOTHING),
work_done AS (
DELETE FROM letter_assignment a USING letter_row WHERE a.letter_id = letter_row.id AND a.kind <> 'read'
   AND NOT EXISTS (SELECT 1 FROM work_items w WHERE w.position_id = a.position_id AND w.kind = a.kind)),
work_due AS (
INSERT INTO letter_assignment (letter_id, position_id, kind)
SELECT letter_row.id, w.position_id, w.kind FROM letter_row, work_items w ON CONFLICT DO NOTHING),
outbox AS (
INSERT INTO outbox_event (letter_id, type, payload, dispatched_at)
SELECT letter_row.id, e.type, e.payload, CASE WHEN e.type = ANY($26::text[]) THEN now() END
  FROM letter_row, unnest($27::text[], $28::jsonb[]) WITH ORDINALITY AS e(type, payload, n) ORDER BY e.n),
participants AS (
INSERT INTO letter_participant (letter_id, position_id, role, ordinal)
SELECT letter_row.id, x.position_id, x.role, x.ordinal
  FROM letter_row, unnest($29::uuid[], $30::text[], $31::int[]) AS x(position_id, role, ordinal)
ON CONFLICT DO NOTHING RETURNING position_id, role, ordinal),
notifications AS (
INSERT INTO notification (position_id, letter_id, kind, message)
SELECT n.position_id, letter_row.id, n.kind, n.message
  FROM letter_row, unnest($32::uuid[], $33::text[], $34::text[]) WITH ORDINALITY AS n(position_id, kind, message, ord)
 ORDER BY n.ord),
webhook AS (
INSERT INTO webhook_event (id, module_id, letter_id, sequence, type, payload, callback_url)
SELECT $35::uuid, r.module_id, letter_row.id, $36, $37,
       j.payload || jsonb_build_object('data', (j.payload -> 'data') || jsonb_build_object(
         'reference', r.reference,
         'links', jsonb_build_object('approval', $38::text, 'document', CASE WHEN r.pdf_object_id IS NULL THEN NULL ELSE $39::text || '/document' END))),
       r.callback_url
  FROM letter_row JOIN approval_request r ON r.letter_id = letter_row.id, (SELECT $40::jsonb AS payload) j
 WHERE r.callback_url IS NOT NULL
ON CONFLICT (letter_id, sequence) DO NOTHING RETURNING id, letter_id, callback_url),
webhook_outbox AS (
INSERT INTO outbox_event (letter_id, type, payload)
SELECT w.letter_id, 'webhook.deliver', jsonb_build_object('eventId', w.id, 'callback', w.callback_url) FROM webhook w),
audit AS (
SELECT audit_append($41) AS pending_id FROM letter_row)
SELECT letter_row.*, EXISTS (SELECT 1 FROM webhook) AS relay_work, (SELECT pending_id::text FROM audit) AS audit_pending_id FROM letter_row;

-- creation of an approval with Idempotency-Key and PDF (51 parameters)
WITH create_gate AS (
SELECT cardinality(g.missing_position_ids) = 0 AND json_array_length(g.unable_signers) = 0 AS ok, g.missing_position_ids, g.unable_signers
  FROM (SELECT coalesce((SELECT array_agg(w.id ORDER BY w.n) FROM unnest($1::uuid[]) WITH ORDINALITY AS w(id, n)
                          WHERE NOT EXISTS (SELECT 1 FROM position p WHERE p.id = w.id)), '{}') AS missing_position_ids,
               coalesce((SELECT json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY w.n)
                           FROM unnest($2::uuid[]) WITH ORDINALITY AS w(id, n) JOIN position p ON p.id = w.id WHERE NOT p.can_sign), '[]') AS unable_signers) g),
idempotency_claim AS (
INSERT INTO idempotency_key (module_id, key, request_hash, approval_id, expires_at)
SELECT k.module_id, k.key, k.request_hash, $3::uuid, now() + k.ttl_hours * interval '1 hour'
  FROM create_gate, jsonb_to_record($4::jsonb) AS k(module_id uuid, key varchar, request_hash varchar, ttl_hours float8)
 WHERE create_gate.ok
ON CONFLICT (module_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, approval_id = EXCLUDED.approval_id, created_at = now(), expires_at = EXCLUDED.expires_at
  WHERE idempotency_key.expires_at < now()
RETURNING key),
letter_row AS (
INSERT INTO letter (id, kind, workflow_key, workflow_definition_id, state, snapshot, done, route_plans, version, subject, sifat, urgency, module_id, body,
                    classification_code, drafter_person_id, drafter_position_id, unit_id, current_document_id)
SELECT $5::uuid, n.kind, n.workflow_key, n.workflow_definition_id, $6::varchar, $7::jsonb, $8::boolean, n.route_plans,
       $9::int + $10::int, n.subject, n.sifat, n.urgency, n.module_id, n.body,
       n.classification_code, n.drafter_person_id, n.drafter_position_id, (SELECT p.unit_id FROM position p WHERE p.id = n.drafter_position_id), n.current_document_id
  FROM create_gate, jsonb_to_record($11::jsonb) AS n(kind varchar, workflow_key varchar, workflow_definition_id uuid, route_plans jsonb,
         subject varchar, sifat varchar, urgency varchar, module_id uuid, body jsonb, classification_code varchar, drafter_person_id uuid, drafter_position_id uuid, current_document_id uuid)
 WHERE create_gate.ok AND EXISTS (SELECT 1 FROM idempotency_claim)
RETURNING *),
work_items AS (
SELECT * FROM unnest($12::uuid[], $13::text[]) AS w(position_id, kind)),
history AS (
INSERT INTO letter_history (letter_id, seq, event, from_state, to_state, actor_person_id, actor_name, acted_as_position_id, capacity, actor_label, comment, revision, at)
SELECT letter_row.id, $14, $15, $16, $17, $18, $19, $20, $21,
       $22, $23, $24, $25 FROM letter_row),
deadline_cancelled AS (
UPDATE letter_deadline SET cancelled_at = now() WHERE id = $26 AND fired_at IS NULL AND EXISTS (SELECT 1 FROM letter_row)),
deadline_set AS (
INSERT INTO letter_deadline (id, letter_id, state, event, due_at)
SELECT d.id, letter_row.id, d.state, d.event, d.due_at
  FROM letter_row, unnest($27::text[], $28::text[], $29::text[], $30::timestamptz[]) AS d(id, state, event, due_at)
ON CONFLICT (id) DO NOTHING),
work_done AS (
DELETE FROM letter_assignment a USING letter_row WHERE a.letter_id = letter_row.id AND a.kind <> 'read'
   AND NOT EXISTS (SELECT 1 FROM work_items w WHERE w.position_id = a.position_id AND w.kind = a.kind)),
work_due AS (
INSERT INTO letter_assignment (letter_id, position_id, kind)
SELECT letter_row.id, w.position_id, w.kind FROM letter_row, work_items w ON CONFLICT DO NOTHING),
outbox AS (
INSERT INTO outbox_event (letter_id, type, payload, dispatched_at)
SELECT letter_row.id, e.type, e.payload, CASE WHEN e.type = ANY($31::text[]) THEN now() END
  FROM letter_row, unnest($32::text[], $33::jsonb[]) WITH ORDINALITY AS e(type, payload, n) ORDER BY e.n),
participants AS (
INSERT INTO letter_participant (letter_id, position_id, role, ordinal)
SELECT letter_row.id, x.position_id, x.role, x.ordinal
  FROM letter_row, unnest($34::uuid[], $35::text[], $36::int[]) AS x(position_id, role, ordinal)
ON CONFLICT DO NOTHING RETURNING position_id, role, ordinal),
notifications AS (
INSERT INTO notification (position_id, letter_id, kind, message)
SELECT n.position_id, letter_row.id, n.kind, n.message
  FROM letter_row, unnest($37::uuid[], $38::text[], $39::text[]) WITH ORDINALITY AS n(position_id, kind, message, ord)
 ORDER BY n.ord),
approval_request_row AS (
INSERT INTO approval_request (letter_id, module_id, reference, title, description, metadata, callback_url, pdf_object_id)
SELECT letter_row.id, r.module_id, r.reference, r.title, r.description, coalesce(r.metadata, '{}'), r.callback_url, r.pdf_object_id
  FROM letter_row, jsonb_to_record($40::jsonb) AS r(module_id uuid, reference varchar, title varchar, description text, metadata jsonb, callback_url varchar, pdf_object_id uuid)
RETURNING letter_id, module_id, reference, callback_url, pdf_object_id),
approval_document AS (
INSERT INTO letter_document (id, letter_id, kind, sequence, object_id, sha256, size)
SELECT $41::uuid, letter_row.id, 'final', 1, $42::uuid, $43, $44 FROM letter_row),
webhook AS (
INSERT INTO webhook_event (id, module_id, letter_id, sequence, type, payload, callback_url)
SELECT $45::uuid, r.module_id, letter_row.id, $46, $47,
       j.payload || jsonb_build_object('data', (j.payload -> 'data') || jsonb_build_object(
         'reference', r.reference,
         'links', jsonb_build_object('approval', $48::text, 'document', CASE WHEN r.pdf_object_id IS NULL THEN NULL ELSE $49::text || '/document' END))),
       r.callback_url
  FROM letter_row JOIN approval_request_row r ON r.letter_id = letter_row.id, (SELECT $50::jsonb AS payload) j
 WHERE r.callback_url IS NOT NULL
ON CONFLICT (letter_id, sequence) DO NOTHING RETURNING id, letter_id, callback_url),
webhook_outbox AS (
INSERT INTO outbox_event (letter_id, type, payload)
SELECT w.letter_id, 'webhook.deliver', jsonb_build_object('eventId', w.id, 'callback', w.callback_url) FROM webhook w),
audit AS (
SELECT audit_append($51) AS pending_id FROM letter_row)
SELECT letter_row.*, EXISTS (SELECT 1 FROM webhook) AS relay_work, (SELECT pending_id::text FROM audit) AS audit_pending_id, g.missing_position_ids::text[], g.unable_signers FROM create_gate g LEFT JOIN letter_row ON true;
