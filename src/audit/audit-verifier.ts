import { createPublicKey, KeyObject, verify as verifySignature } from 'node:crypto';
import type { ClientBase } from 'pg';
import { canonicalCheckpoint, chainHash, GENESIS_HASH, parseCheckpoint } from './audit-canonical';

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

const PAGE = 20_000;

/**
 * Recomputes every link of the audit chain, in order: each entry's text must be its seq and
 * its columns, its prev_hash the previous entry's hash, and its hash sha256(prev_hash ||
 * text), here and not in the database. Then every checkpoint: its signature by the deployment
 * CA, and the chain must still hold its head at its seq. Stops at the first broken entry.
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
      .query(`SELECT min(seq)::text AS seq FROM audit_entry WHERE canonical IS DISTINCT FROM 'esurat-audit/1' || chr(10) || seq::text || chr(10) || ${AUDIT_BODY_SQL}`)
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

  let prevHash: Buffer = GENESIS_HASH;
  let prevSeq = 0n;
  // A checkpoint of the empty chain holds the genesis hash.
  for (const c of expected.get('0') ?? []) if (!c.hash.equals(GENESIS_HASH)) brokenCheckpoints.push({ source: c.source, reason: 'entry 0 is not the one it signed' });
  expected.delete('0');
  let firstBroken: AuditVerifyReport['firstBroken'];
  const page = (after: bigint) =>
    db.query({
      text: `SELECT seq::text AS seq, canonical, prev_hash, hash FROM audit_entry WHERE seq > $1 ORDER BY audit_entry.seq LIMIT ${PAGE}`,
      values: [after.toString()],
    });
  let next = page(0n);
  scan: for (;;) {
    const { rows } = await next;
    if (rows.length === PAGE) next = page(BigInt(rows[rows.length - 1].seq));
    for (const row of rows) {
      const seq = BigInt(row.seq);
      const reason =
        seq !== prevSeq + 1n
          ? `entries ${prevSeq + 1n} to ${seq - 1n} are missing`
          : !row.prev_hash.equals(prevHash)
              ? 'its prev_hash is not the previous entry hash'
              : !chainHash(prevHash, row.canonical).equals(row.hash)
                ? 'its hash is not sha256(prev_hash || text)'
                : !row.canonical.startsWith(`esurat-audit/1\n${row.seq}\n`)
                  ? 'its text names another seq'
                  : undefined;
      if (reason) {
        firstBroken = { seq: seq === prevSeq + 1n ? row.seq : (prevSeq + 1n).toString(), reason };
        break scan;
      }
      for (const c of expected.get(row.seq) ?? []) if (!c.hash.equals(row.hash)) brokenCheckpoints.push({ source: c.source, reason: `entry ${row.seq} is not the one it signed` });
      expected.delete(row.seq);
      prevHash = row.hash;
      prevSeq = seq;
    }
    if (rows.length < PAGE) break;
  }
  // A page asked for before a break: settled before the next query on this connection.
  await next.catch(() => undefined);
  const inconsistent = await (mismatch ?? mismatchOn(db));
  if (inconsistent !== null && (!firstBroken || BigInt(inconsistent) <= BigInt(firstBroken.seq))) {
    firstBroken = { seq: inconsistent, reason: 'its stored text does not match its columns' };
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
