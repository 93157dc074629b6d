import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { normalizeLetterNumber } from '../src/search/query/letter-number';
import { corpus, generateLetter, pick, rng, vectors } from './archive-corpus';

/** Units of a city government besides the demo ones: their letters fill the archive. */
const BENCH_UNITS = ['DISDIK', 'DISHUB', 'DPUPR', 'DINSOS', 'DISPERKIM', 'DLH', 'DISPERINDAG', 'DISPARBUD', 'DISPORA', 'BAPPEDA', 'BKPSDM', 'BPKAD',
  'BAPENDA', 'INSPEKTORAT', 'SATPOLPP', 'DISDUKCAPIL', 'DPMPTSP', 'DINKOP', 'DISPERTA', 'DKP', 'BPBD', 'KESBANGPOL', 'DINARPUS', 'DPPKB', 'DP3A',
  'KEC-BARAT', 'KEC-TIMUR', 'KEC-UTARA', 'KEC-SELATAN', 'RSUD'];

/** The indexes of letter_search (C2's migration), dropped for the bulk load and built after it, timed. */
const INDEXES: { name: string; sql: string }[] = [
  { name: 'ix_letter_search_readers_document', sql: 'CREATE INDEX ix_letter_search_readers_document ON letter_search USING gin (readers, document)' },
  { name: 'ix_letter_search_readers_plain', sql: 'CREATE INDEX ix_letter_search_readers_plain ON letter_search USING gin (readers, plain)' },
  { name: 'ix_letter_search_numbers', sql: 'CREATE INDEX ix_letter_search_numbers ON letter_search USING gin (numbers gin_trgm_ops)' },
  { name: 'ix_letter_search_names', sql: 'CREATE INDEX ix_letter_search_names ON letter_search USING gin (names gin_trgm_ops)' },
  { name: 'ix_letter_search_letter_date', sql: 'CREATE INDEX ix_letter_search_letter_date ON letter_search (letter_date)' },
];

/** Share of the letters the benchmark's official (KASI-APTIKA) takes part in. */
export const OFFICIAL_SHARE = 0.02;
export const OFFICIAL_POSITION = 'KASI-APTIKA';

export interface SeedInfo {
  n: number;
  seedSeconds: number;
  indexSeconds: Record<string, number>;
}

const BATCH = 2000;
const STAFF_PER_UNIT = 4;
/** Share of the letters drafted by one of the demo people (the official is one of 14). */
const DEMO_DRAFTER_SHARE = 0.01;
const SIFAT: [string, number][] = [['biasa', 0.8], ['terbatas', 0.92], ['rahasia', 0.98], ['sangat_rahasia', 1]];
const OUTGOING_STATES: [string, number][] = [['filed', 0.6], ['sent', 0.8], ['review', 0.9], ['awaiting_signature', 0.95], ['draft', 1]];
const INCOMING_STATES: [string, number][] = [['done', 0.6], ['disposed', 0.85], ['registered', 1]];
const cumulative = (r: () => number, table: [string, number][]): string => {
  const x = r();
  return table.find(([, p]) => x < p)![0];
};

/** The seeded size, or 0: the archive is reused while it holds the same N. */
export async function seededSize(client: Client): Promise<SeedInfo | null> {
  await client.query(`CREATE TABLE IF NOT EXISTS bench_archive_meta (n integer NOT NULL, seed_seconds real NOT NULL, index_seconds jsonb NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())`);
  const { rows } = await client.query(`SELECT n, seed_seconds, index_seconds FROM bench_archive_meta ORDER BY seeded_at DESC LIMIT 1`);
  return rows[0] ? { n: rows[0].n, seedSeconds: rows[0].seed_seconds, indexSeconds: rows[0].index_seconds } : null;
}

/**
 * Fills a migrated database (the demo city seeded) with `n` letters and their letter_search
 * rows, in multi-row INSERTs of 2,000 (unnest of arrays), triggers off for this session (no
 * outbox event per row), the search indexes dropped first and built after, each timed.
 */
export async function seedArchive(client: Client, n: number, log: (s: string) => void): Promise<SeedInfo> {
  const started = Date.now();
  await client.query(`SET session_replication_role = replica`);
  await client.query(`SET maintenance_work_mem = '256MB'`);
  await client.query(`DELETE FROM letter_search WHERE letter_id IN (SELECT id FROM letter WHERE snapshot = '{"bench": true}')`);
  await client.query(`DELETE FROM letter_participant WHERE letter_id IN (SELECT id FROM letter WHERE snapshot = '{"bench": true}')`);
  await client.query(`DELETE FROM letter WHERE snapshot = '{"bench": true}'`);
  for (const ix of INDEXES) await client.query(`DROP INDEX IF EXISTS ${ix.name}`);

  const root = (await client.query(`SELECT id FROM unit WHERE parent_id IS NULL LIMIT 1`)).rows[0].id;
  for (const code of BENCH_UNITS) {
    await client.query(`INSERT INTO unit (code, name, parent_id) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`, [code, `Unit ${code}`, root]);
    const unit = (await client.query(`SELECT id FROM unit WHERE code = $1`, [code])).rows[0].id;
    for (const p of ['KADIS', 'SEKDIS', 'KABID']) {
      await client.query(`INSERT INTO position (code, name, unit_id, is_head, can_sign) VALUES ($1, $2, $3, $4, $4) ON CONFLICT (code) DO NOTHING`, [`${p}-${code}`, `${p} ${code}`, unit, p === 'KADIS']);
    }
  }
  const units: { id: string; code: string }[] = (await client.query(`SELECT id, upper(code) AS code FROM unit ORDER BY code`)).rows;
  const positions: { id: string; code: string; unit_id: string }[] = (await client.query(`SELECT id, code, unit_id FROM position ORDER BY code`)).rows;
  const official = positions.find((p) => p.code === OFFICIAL_POSITION)!;
  const others = positions.filter((p) => p.id !== official.id);
  const people: { id: string }[] = (await client.query(`SELECT id FROM person WHERE NOT ('admin' = ANY(roles)) AND username NOT LIKE 'bench.%' ORDER BY username`)).rows;
  // Each unit's letters are drafted by its own staff (who cannot log in); a demo person drafts
  // DEMO_DRAFTER_SHARE of them, so that the benchmark's official sees the share it is meant to.
  const staff = new Map<string, string[]>();
  for (const unit of units) {
    const ids: string[] = [];
    for (let k = 1; k <= STAFF_PER_UNIT; k++) {
      const username = `bench.${unit.code.toLowerCase()}.${k}`;
      await client.query(`INSERT INTO person (username, name, roles, password_hash) VALUES ($1, $2, '{official}', '!') ON CONFLICT (username) DO NOTHING`, [username, `Staf ${unit.code} ${k}`]);
      ids.push((await client.query(`SELECT id FROM person WHERE username = $1`, [username])).rows[0].id);
    }
    staff.set(unit.id, ids);
  }
  const definitions = new Map<string, string>((await client.query(`SELECT DISTINCT ON (key) key, id FROM workflow_definition ORDER BY key, created_at DESC`)).rows.map((r) => [r.key, r.id]));
  const types = ['surat-keluar', 'nota-dinas', 'surat-undangan', 'surat-masuk'].filter((t) => definitions.has(t));

  const c = corpus(20261203);
  const r = rng(7);
  const seq = new Map<string, number>();
  let pending: Promise<unknown> = Promise.resolve();
  for (let from = 0; from < n; from += BATCH) {
    const size = Math.min(BATCH, n - from);
    const L: Record<string, unknown[]> = {};
    const col = (k: string, v: unknown) => (L[k] ??= []).push(v);
    const P: [string[], string[], string[]] = [[], [], []];
    for (let j = 0; j < size; j++) {
      const i = from + j;
      const id = randomUUID();
      const unit = pick(r, units);
      const year = 2021 + Math.floor(r() * 6);
      const key = `${unit.code}/${year}`;
      const s = (seq.get(key) ?? 0) + 1;
      seq.set(key, s);
      const type = pick(r, types);
      const kind = type === 'surat-masuk' ? 'incoming' : 'outgoing';
      const state = cumulative(r, kind === 'incoming' ? INCOMING_STATES : OUTGOING_STATES);
      const g = generateLetter(c, i, unit.code, year, s);
      const numbered = kind === 'incoming' || !['draft', 'review', 'awaiting_signature'].includes(state);
      const date = new Date(Date.UTC(year, Math.floor(r() * 12), 1 + Math.floor(r() * 28), 1 + Math.floor(r() * 9)));
      const v = vectors([
        { text: `${numbered ? g.number : ''} ${g.subject}`, weight: 'A' },
        { text: g.names, weight: 'B' },
        { text: g.body, weight: 'C' },
      ]);
      col('id', id);
      col('kind', kind);
      col('type', type);
      col('def', definitions.get(type));
      col('state', state);
      col('subject', g.subject);
      col('sifat', cumulative(r, SIFAT));
      col('classification', g.number.slice(0, g.number.indexOf('/')));
      const drafter = r() < DEMO_DRAFTER_SHARE ? pick(r, people).id : pick(r, staff.get(unit.id)!);
      col('drafter', drafter);
      col('unit', unit.id);
      col('number', numbered ? g.number : null);
      col('date', date.toISOString());
      const delivered = numbered && state !== 'review';
      col('delivered', delivered ? date.toISOString() : null);
      col('document', v.document);
      col('plain', v.plain);
      col('numbers', numbered ? normalizeLetterNumber(g.number) : '');
      col('names', g.names.toLowerCase());
      col('content', `${g.subject}\n${g.body}`);
      col('year', year);
      const parts = new Set<string>([pick(r, others).id, pick(r, others).id]);
      if (r() < OFFICIAL_SHARE) parts.add(official.id);
      let role = 0;
      // The index's readers, as the indexer writes them (letters/access letterReadersSql): the drafter and the positions admitted.
      const readers = [drafter];
      for (const p of parts) {
        P[0].push(id);
        P[1].push(p);
        P[2].push(role === 0 ? 'signer' : 'recipient');
        if (role === 0 || delivered) readers.push(p);
        role++;
      }
      col('readers', `{${readers.join(',')}}`);
    }
    await pending;
    pending = client.query(
      `WITH l AS (
         INSERT INTO letter (id, kind, workflow_key, workflow_definition_id, state, snapshot, route_plans, subject, sifat, classification_code,
                             drafter_person_id, unit_id, number, numbered_at, delivered_at, created_at, updated_at, done)
         SELECT id, kind, type, def, state, '{"bench": true}', '[]', subject, sifat, classification, drafter, unit, number,
                CASE WHEN number IS NULL THEN NULL ELSE date END, delivered, date, date, state IN ('filed', 'done')
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[], $10::uuid[], $11::text[],
                       $12::timestamptz[], $13::timestamptz[]) AS r(id, kind, type, def, state, subject, sifat, classification, drafter, unit, number, date, delivered)
         RETURNING 1),
       p AS (INSERT INTO letter_participant (letter_id, position_id, role) SELECT * FROM unnest($20::uuid[], $21::uuid[], $22::text[]) RETURNING 1)
       INSERT INTO letter_search (letter_id, document, plain, numbers, names, content, number, subject, type, kind, classification_code, unit_id, sifat, state, letter_date, year, readers)
       SELECT id, document::tsvector, plain::tsvector, numbers, names, content, number, subject, type, kind, classification, unit, sifat, state, date, year, readers::uuid[]
         FROM unnest($1::uuid[], $2::text[], $3::text[], $5::text[], $6::text[], $7::text[], $8::text[], $10::uuid[], $11::text[], $12::timestamptz[],
                     $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::int[], $23::text[])
              AS r(id, kind, type, state, subject, sifat, classification, unit, number, date, document, plain, numbers, names, content, year, readers)`,
      [L.id, L.kind, L.type, L.def, L.state, L.subject, L.sifat, L.classification, L.drafter, L.unit, L.number, L.date, L.delivered,
        L.document, L.plain, L.numbers, L.names, L.content, L.year, P[0], P[1], P[2], L.readers],
    );
    if ((from / BATCH) % 50 === 0) log(`  seeded ${from.toLocaleString('en')} of ${n.toLocaleString('en')} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  await pending;
  const seedSeconds = (Date.now() - started) / 1000;
  const indexSeconds: Record<string, number> = {};
  for (const ix of INDEXES) {
    const t = Date.now();
    await client.query(ix.sql);
    indexSeconds[ix.name] = (Date.now() - t) / 1000;
    log(`  ${ix.name} built in ${indexSeconds[ix.name].toFixed(1)} s`);
  }
  await client.query(`SET session_replication_role = origin`);
  await client.query(`ANALYZE letter, letter_participant, letter_search`);
  await client.query(`INSERT INTO bench_archive_meta (n, seed_seconds, index_seconds) VALUES ($1, $2, $3)`, [n, seedSeconds, indexSeconds]);
  return { n, seedSeconds, indexSeconds };
}
