import { createPublicKey, KeyObject, verify as verifySignature } from 'node:crypto';
import type { ClientBase } from 'pg';
import { canonicalCheckpoint, GENESIS_HASH, parseCheckpoint } from './audit-canonical';

/**
 * The canonical body of an entry, rebuilt from its columns with built-in functions only (never
 * the database's own audit_canonical, which whoever rewrites the chain could rewrite too).
 * audit_append() builds the stored text the same way.
 */
const AUDIT_BODY_SQL = `pg_catalog.jsonb_build_object(
    'at', pg_catalog.to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'actor', pg_catalog.jsonb_build_object('type', actor_type, 'id', actor_id),
    'client', pg_catalog.jsonb_build_object('address', client_address, 'requestId', request_id),
    'action', action,
    'object', pg_catalog.jsonb_build_object('type', object_type, 'id', object_id),
    'letterId', letter_id,
    'details', details)::text`;

/** A checkpoint as signed: from the audit_checkpoint table, or as a receiver (the Inspektorat) kept it. */
export interface SignedCheckpoint {
  source: string;
  canonical: string;
  signature: Buffer;
}

export interface AuditVerifyReport {
  ok: boolean;
  entries: number;
  headSeq: string;
  checkpoints: number;
  /** The first entry whose link, text or columns do not hold, and why. */
  firstBroken?: { seq: string; reason: string };
  /** Checkpoints whose signature is wrong or whose head the chain no longer has. */
  brokenCheckpoints: { source: string; reason: string }[];
  ms: number;
}

/**
 * The first entry whose link does not hold, in seq order: a gap before it, a prev_hash that is
 * not the previous entry's hash, a hash that is not sha256(prev_hash || text), or a text that
 * names another seq. Built-in functions only, schema-qualified (see AUDIT_BODY_SQL).
 */
const LINK_SQL = `SELECT checked.seq::text AS seq, (before + 1)::text AS missing_from, reason FROM (
    SELECT seq, before,
           CASE WHEN seq <> before + 1 THEN 'gap'
                WHEN prev_hash IS DISTINCT FROM prev_link THEN 'prev'
                WHEN hash IS DISTINCT FROM pg_catalog.sha256(prev_hash || pg_catalog.convert_to(canonical, 'UTF8')) THEN 'hash'
                WHEN NOT pg_catalog.starts_with(canonical, 'esurat-audit/1' || chr(10) || seq::text || chr(10)) THEN 'seq'
           END AS reason
      FROM (SELECT seq, prev_hash, hash, canonical,
                   coalesce(lag(seq) OVER w, 0) AS before, coalesce(lag(hash) OVER w, $1::bytea) AS prev_link
              FROM audit_entry WINDOW w AS (ORDER BY seq)) chained) checked
  WHERE reason IS NOT NULL ORDER BY checked.seq LIMIT 1`;

const LINK_REASONS: Record<string, string> = {
  prev: 'its prev_hash is not the previous entry hash',
  hash: 'its hash is not sha256(prev_hash || text)',
  seq: 'its text names another seq',
};

/**
 * Recomputes every link of the audit chain, in order: each entry's text must be its seq and
 * its columns, its prev_hash the previous entry's hash, and its hash sha256(prev_hash ||
 * text), with PostgreSQL's built-in functions over every row (two connections, one snapshot:
 * links on one, texts against columns on the other). Then every checkpoint, here: its
 * signature by the deployment CA, and the chain must still hold the head it signed at its
 * seq; a database that lied about a hash cannot make a signed head match. Names the first
 * broken entry.
 */
export async function verifyAuditTrail(
  db: ClientBase,
  options: { external?: SignedCheckpoint[]; caCertificatePem?: string; aside?: ClientBase } = {},
): Promise<AuditVerifyReport> {
  const started = process.hrtime.bigint();
  // Each entry's text against its columns: all in the database; on the second connection (same
  // snapshot) when given, so it runs beside the hashing here.
  const mismatchOn = (client: ClientBase) =>
    client
      // min(seq + 0), not min(seq): the planner would walk the primary key in order, one heap
      // fetch at a time, where a (parallel) sequential scan reads the table at disk speed.
      .query(`SELECT min(seq + 0)::text AS seq FROM audit_entry WHERE canonical IS DISTINCT FROM 'esurat-audit/1' || chr(10) || seq::text || chr(10) || ${AUDIT_BODY_SQL}`)
      .then((r) => r.rows[0].seq as string | null);
  const mismatch = options.aside ? mismatchOn(options.aside) : undefined;
  // Awaited at the end; a failure before then must not go unhandled.
  mismatch?.catch(() => undefined);
  const caPem = options.caCertificatePem ?? (await db.query('SELECT certificate_pem FROM deployment_ca WHERE id = 1')).rows[0]?.certificate_pem;
  const stored: SignedCheckpoint[] = (await db.query('SELECT id, canonical, signature FROM audit_checkpoint ORDER BY id')).rows.map((r) => ({
    source: `checkpoint ${r.id}`,
    canonical: r.canonical,
    signature: r.signature,
  }));
  const checkpoints = [...stored, ...(options.external ?? [])];
  const brokenCheckpoints: { source: string; reason: string }[] = [];
  // Head seq -> the checkpoints that name it, checked as the chain passes that seq.
  const expected = new Map<string, { source: string; hash: Buffer }[]>();
  const publicKey = caPem ? createPublicKey(caPem) : undefined;
  for (const c of checkpoints) {
    const problem = checkSignature(c, publicKey);
    if (problem) {
      brokenCheckpoints.push({ source: c.source, reason: problem });
      continue;
    }
    const facts = parseCheckpoint(c.canonical)!;
    const list = expected.get(facts.headSeq) ?? [];
    list.push({ source: c.source, hash: facts.headHash });
    expected.set(facts.headSeq, list);
  }

  // A checkpoint of the empty chain holds the genesis hash.
  for (const c of expected.get('0') ?? []) if (!c.hash.equals(GENESIS_HASH)) brokenCheckpoints.push({ source: c.source, reason: 'entry 0 is not the one it signed' });
  expected.delete('0');

  // Every link, in one pass of the database over the entries in seq order: no row has to
  // travel, and the text check runs beside it on the second connection.
  const [link] = (await db.query({ text: LINK_SQL, values: [GENESIS_HASH] })).rows as { seq: string; missing_from: string | null; reason: string }[];
  let firstBroken: AuditVerifyReport['firstBroken'] = link
    ? link.reason === 'gap'
      ? { seq: link.missing_from!, reason: `entries ${link.missing_from} to ${BigInt(link.seq) - 1n} are missing` }
      : { seq: link.seq, reason: LINK_REASONS[link.reason] }
    : undefined;
  const inconsistent = await (mismatch ?? mismatchOn(db));
  if (inconsistent !== null && (!firstBroken || BigInt(inconsistent) <= BigInt(firstBroken.seq))) {
    firstBroken = { seq: inconsistent, reason: 'its stored text does not match its columns' };
  }
  // The chain holds up to the entry before the first broken one.
  const [last] = (
    await db.query({
      text: 'SELECT seq::text AS seq, hash FROM audit_entry WHERE seq < $1 ORDER BY audit_entry.seq DESC LIMIT 1',
      values: [firstBroken ? firstBroken.seq : '9223372036854775807'],
    })
  ).rows as { seq: string; hash: Buffer }[];
  const prevSeq = last ? BigInt(last.seq) : 0n;
  const prevHash = last ? last.hash : GENESIS_HASH;
  const signed = [...expected.keys()].filter((seq) => BigInt(seq) <= prevSeq);
  const held = new Map(
    ((await db.query({ text: 'SELECT seq::text AS seq, hash FROM audit_entry WHERE seq = ANY($1::bigint[])', values: [signed] })).rows as { seq: string; hash: Buffer }[]).map(
      (r) => [r.seq, r.hash],
    ),
  );
  for (const seq of signed) {
    for (const c of expected.get(seq)!) if (!c.hash.equals(held.get(seq)!)) brokenCheckpoints.push({ source: c.source, reason: `entry ${seq} is not the one it signed` });
    expected.delete(seq);
  }
  if (!firstBroken) {
    const [head] = (await db.query('SELECT seq::text AS seq, hash FROM audit_chain_head WHERE id = 1')).rows;
    if (!head || BigInt(head.seq) !== prevSeq || !head.hash.equals(prevHash)) {
      firstBroken = { seq: (prevSeq + 1n).toString(), reason: `the chain head (seq ${head?.seq ?? 'none'}) is not the last entry` };
    }
    // Checkpoints past the end: the entries they signed are gone.
    for (const [seq, list] of expected) for (const c of list) brokenCheckpoints.push({ source: c.source, reason: `entry ${seq} is missing` });
  }
  return {
    ok: !firstBroken && brokenCheckpoints.length === 0,
    entries: Number(prevSeq),
    headSeq: prevSeq.toString(),
    checkpoints: checkpoints.length,
    firstBroken,
    brokenCheckpoints,
    ms: Number(process.hrtime.bigint() - started) / 1e6,
  };
}

function checkSignature(c: SignedCheckpoint, publicKey: KeyObject | undefined): string | undefined {
  const facts = parseCheckpoint(c.canonical);
  if (!facts || canonicalCheckpoint(facts) !== c.canonical) return 'its text is not a checkpoint';
  if (!publicKey) return 'no deployment CA certificate to check it with';
  return verifySignature('sha256', Buffer.from(c.canonical, 'utf8'), publicKey, c.signature) ? undefined : 'its signature is not the deployment CA’s';
}
