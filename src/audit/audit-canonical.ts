import { createHash } from 'node:crypto';

/** The hash before the first entry: 32 zero bytes (audit_chain_head starts there). */
export const GENESIS_HASH = Buffer.alloc(32);

export type AuditActorType = 'person' | 'module' | 'system' | 'anonymous';

/** What an entry says, as hashed. Details carry ids and facts, never secrets or letter contents. */
export interface AuditBody {
  at: string;
  actor: { type: AuditActorType; id: string | null };
  client: { address: string | null; requestId: string | null };
  action: string;
  object: { type: string | null; id: string | null };
  letterId: string | null;
  details: Record<string, unknown>;
}

/**
 * The canonical text of a JSON value: as PostgreSQL prints jsonb (object keys shortest first,
 * then by bytes; ", " and ": " between items), so the database and this code write the same
 * text for the same value. Undefined members are left out.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(', ')}]`;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      // jsonb prints a number's digits as given; JavaScript's shortest form agrees for safe integers only.
      if (!Number.isSafeInteger(value)) throw new TypeError('Audit details hold integers only; write other numbers as strings');
      return String(value);
    case 'object': {
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      entries.sort(([a], [b]) => compareKeys(a, b));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${canonicalJson(v)}`).join(', ')}}`;
    }
    default:
      throw new TypeError(`Audit details may not hold a ${typeof value}`);
  }
}

const ASCII = /^[\x00-\x7f]*$/;

/** jsonb's key order: by UTF-8 length, then by bytes (for ASCII keys, the strings themselves). */
function compareKeys(a: string, b: string): number {
  if (ASCII.test(a) && ASCII.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length - y.length || Buffer.compare(x, y);
}

/** The canonical text of entry `seq` (the SQL function audit_canonical builds the same). */
export const canonicalEntry = (seq: bigint | number | string, body: string): string => `esurat-audit/1\n${seq}\n${body}`;

/** hash = sha256(prev_hash || canonical), as PostgreSQL's sha256() computes it in audit_chain(). */
export const chainHash = (prevHash: Buffer, canonical: string): Buffer => createHash('sha256').update(prevHash).update(canonical, 'utf8').digest();

/** A checkpoint: the chain head at a time, as signed by the deployment CA. */
export interface CheckpointFacts {
  headSeq: string;
  headHash: Buffer;
  at: string;
}

export const canonicalCheckpoint = (c: CheckpointFacts): string => `esurat-audit-checkpoint/1\n${c.headSeq}\n${c.headHash.toString('hex')}\n${c.at}`;

export function parseCheckpoint(canonical: string): CheckpointFacts | null {
  const m = /^esurat-audit-checkpoint\/1\n(\d+)\n([0-9a-f]{64})\n(\S+)$/.exec(canonical);
  return m ? { headSeq: m[1], headHash: Buffer.from(m[2], 'hex'), at: m[3] } : null;
}
