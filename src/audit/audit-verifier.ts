import { createPublicKey, KeyObject, verify as verifySignature } from 'node:crypto';
import type { ClientBase } from 'pg';
import { canonicalCheckpoint, GENESIS_HASH, parseCheckpoint } from './audit-canonical';

/**
 * The canonical text of an entry, rebuilt from its seq and columns with built-in functions only
 * (never the database's own audit_canonical, which whoever rewrites the chain could rewrite
 * too). It is the text jsonb prints for the body audit_chain() builds (keys shortest first,
 * then by bytes; ", " and ": " between items; strings escaped by to_json, which shares jsonb's
 * escaping), written out by concatenation: building the jsonb per row only to print it cost
 * the verifier two thirds of its time. The audit e2e test checks it against the jsonb shape.
 */
export const AUDIT_TEXT_SQL = `'esurat-audit/1' || chr(10) || seq::text || chr(10) ||
  '{"at": "' || pg_catalog.to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') ||
  '", "actor": {"id": ' || coalesce(pg_catalog.to_json(actor_id)::text, 'null') || ', "type": ' || coalesce(pg_catalog.to_json(actor_type)::text, 'null') ||
  '}, "action": ' || coalesce(pg_catalog.to_json(action)::text, 'null') ||
  ', "client": {"address": ' || coalesce(pg_catalog.to_json(client_address)::text, 'null') || ', "requestId": ' || coalesce(pg_catalog.to_json(request_id)::text, 'null') ||
  '}, "object": {"id": ' || coalesce(pg_catalog.to_json(object_id)::text, 'null') || ', "type": ' || coalesce(pg_catalog.to_json(object_type)::text, 'null') ||
  '}, "details": ' || coalesce(details::text, 'null') || ', "letterId": ' || coalesce('"' || letter_id::text || '"', 'null') || '}'`;

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
 * The first entry whose link does not hold, in seq order: a gap before it, or a prev_hash that is
 * not the previous entry's hash. Only seq and the two hashes take part, read from the covering
 * index ix_audit_entry_link without touching the table: this is the one pass that must go in
 * order, on one process, so it carries nothing that can be checked row by row.
 */
const LINK_SQL = `SELECT seq::text AS seq, (before + 1)::text AS missing_from, CASE WHEN seq <> before + 1 THEN 'gap' ELSE 'prev' END AS reason
    FROM (SELECT seq, prev_hash, coalesce(lag(seq) OVER w, 0) AS before, coalesce(lag(hash) OVER w, $1::bytea) AS prev_link
            FROM audit_entry WINDOW w AS (ORDER BY seq)) chained
   WHERE seq <> before + 1 OR prev_hash IS DISTINCT FROM prev_link
   ORDER BY seq LIMIT 1`;

/**
 * What each entry must hold on its own: hash = sha256(prev_hash || text), and the text is its
 * seq and its columns. One scan that PostgreSQL runs in parallel workers (min(seq + 0), not
 * min(seq): the planner would otherwise walk the primary key in order, one heap fetch at a time).
 */
const ROW_SQL = `SELECT min(seq + 0) FILTER (WHERE hash IS DISTINCT FROM pg_catalog.sha256(prev_hash || pg_catalog.convert_to(canonical, 'UTF8')))::text AS hash,
         min(seq + 0) FILTER (WHERE canonical IS DISTINCT FROM ${AUDIT_TEXT_SQL})::text AS text
    FROM audit_entry`;

/** Parallel workers for the row check (PostgreSQL's max_parallel_workers, 8 by default, bounds them). */
const ROW_WORKERS = 4;

const LINK_REASONS: Record<string, string> = {
  prev: 'its prev_hash is not the previous entry hash',
  hash: 'its hash is not sha256(prev_hash || text)',
};

/**
 * Recomputes every link of the audit chain, in order: each entry's text must be its seq and
 * its columns, its prev_hash the previous entry's hash, and its hash sha256(prev_hash ||
 * text), with PostgreSQL's built-in functions over every row (two connections, one snapshot:
 * the ordered link pass on one, each entry's hash and text in a parallel scan on the other). Then every checkpoint, here: its
 * signature by the deployment CA, and the chain must still hold the head it signed at its
 * seq; a database that lied about a hash cannot make a signed head match. Names the first
 * broken entry.
 */
export async function verifyAuditTrail(
  db: ClientBase,
  options: { external?: SignedCheckpoint[]; caCertificatePem?: string; aside?: ClientBase } = {},
): Promise<AuditVerifyReport> {
  const started = process.hrtime.bigint();
  // Each entry on its own (hash and text), on the second connection (same snapshot) when
  // given, so that it runs beside the ordered link pass here.
  const rowCheckOn = async (client: ClientBase) => {
    // Rebuilding each text is most of the work: four workers and the leader share it (the
    // default is two), which is what keeps a 1M-entry check well under 10 s when the machine is busy.
    // SET LOCAL: only for the snapshot's transaction (audit:verify always opens one).
    await client.query(`SET LOCAL max_parallel_workers_per_gather = ${ROW_WORKERS}`);
    return (await client.query(ROW_SQL)).rows[0] as { hash: string | null; text: string | null };
  };
  const rowCheck = options.aside ? rowCheckOn(options.aside) : undefined;
  // Awaited at the end; a failure before then must not go unhandled.
  rowCheck?.catch(() => undefined);
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

  // Every link, in one ordered pass of the database: no row has to travel.
  const [link] = (await db.query({ text: LINK_SQL, values: [GENESIS_HASH] })).rows as { seq: string; missing_from: string; reason: 'gap' | 'prev' }[];
  const rows = await (rowCheck ?? rowCheckOn(db));
  // The first at the lowest seq; at the same seq the last pushed wins.
  const found: { seq: bigint; reason: string }[] = [];
  if (rows.hash !== null) found.push({ seq: BigInt(rows.hash), reason: LINK_REASONS.hash });
  if (link?.reason === 'gap') found.push({ seq: BigInt(link.missing_from), reason: `entries ${link.missing_from} to ${BigInt(link.seq) - 1n} are missing` });
  else if (link) found.push({ seq: BigInt(link.seq), reason: LINK_REASONS[link.reason] });
  // At the same seq a text that does not match its columns is named before its hash: it says more.
  if (rows.text !== null) found.push({ seq: BigInt(rows.text), reason: 'its stored text does not match its columns' });
  const first = found.reduce<(typeof found)[number] | undefined>((a, b) => (!a || b.seq <= a.seq ? b : a), undefined);
  let firstBroken: AuditVerifyReport['firstBroken'] = first && { seq: first.seq.toString(), reason: first.reason };
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
