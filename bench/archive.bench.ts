import { Client } from 'pg';
import { parseSearchQuery } from '../src/search/query/query-parser';
import { ParsedQuery } from '../src/search/query/search-query';
import { conditionToSql, rankTsquery, toSearchCondition } from '../src/search/query/tsquery-builder';
import { MID_WORD, RARE_WORD } from './archive-corpus';
import { seedArchive, seededSize, SeedInfo } from './archive-seed';
import { BenchResult, percentile, round } from './bench-result';
import { benchDb, login, startBenchServer } from './bench-server';

export const ARCHIVE_DB = process.env.BENCH_ARCHIVE_DB ?? 'esurat_bench_archive';
export const archiveSize = (quick: boolean): number => Number(process.env.BENCH_ARCHIVE_N ?? (quick ? 100_000 : 1_000_000));

/** The classes of query the targets name. */
const QUERIES: { name: string; q: string; targetMs: number }[] = [
  { name: 'rare_word', q: RARE_WORD, targetMs: 50 },
  { name: 'mid_word', q: MID_WORD, targetMs: 50 },
  { name: 'phrase', q: '"rapat koordinasi"', targetMs: 50 },
  { name: 'common_word', q: 'surat', targetMs: 150 },
  { name: 'number_fragment', q: '215/DINKES', targetMs: 50 },
];

async function timed(runs: number, budgetMs: number, f: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 2; i++) await f(); // warm-up
  const out: number[] = [];
  const started = Date.now();
  while (out.length < runs && (out.length < 5 || Date.now() - started < budgetMs)) {
    const t = process.hrtime.bigint();
    await f();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out.sort((a, b) => a - b);
}

/** The same query as bare SQL on the same index: the ranked first page and the count, no access rule, no facets. */
async function bare(client: Client, q: string): Promise<number> {
  const parsed = parseSearchQuery(q) as ParsedQuery;
  const params: unknown[] = [];
  const where = conditionToSql(toSearchCondition(parsed.root), { stemmed: 's.document', plain: 's.plain', numbers: 's.numbers' }, params);
  const rank = rankTsquery(parsed.root);
  const orderBy = rank ? `ts_rank_cd(s.document, to_tsquery('simple', $${params.length + 1})) DESC, s.letter_date DESC` : 's.letter_date DESC';
  await client.query(`SELECT s.letter_id FROM letter_search s WHERE ${where} ORDER BY ${orderBy} LIMIT 20`, rank ? [...params, rank] : params);
  return (await client.query(`SELECT count(*)::int AS n FROM letter_search s WHERE ${where}`, params)).rows[0].n;
}

async function api(url: string, token: string, q: string): Promise<{ total: number; items: { id: string; state: string }[] }> {
  const res = await fetch(`${url}/api/v1/search?q=${encodeURIComponent(q)}&limit=20`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { total: number; items: { id: string; state: string }[] };
  if (!res.ok) throw new Error(`search ${q}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

const stat = (xs: number[]) => ({ p50: round(percentile(xs, 50), 1), p95: round(percentile(xs, 95), 1), p99: round(percentile(xs, 99), 1) });

/**
 * `archive.*`: searching an archive of N letters (1,000,000 unless BENCH_ARCHIVE_N) in a
 * database of its own, seeded once and reused. Each class of query as a normal official
 * (kasi.aptika, in about 2% of the letters) through `GET /api/v1/search`, beside the same query
 * as bare SQL on the same index; index sizes and build times; the time from a transition to
 * the letter being found in its new state (outbox → indexer); RUM beside GIN for ranking.
 */
export async function runArchiveBench(quick: boolean): Promise<BenchResult[]> {
  const n = archiveSize(quick);
  const runs = quick ? 10 : 30;
  const server = await startBenchServer(3961, { DB_NAME: ARCHIVE_DB, DB_POOL_SIZE: '10' });
  const client = new Client({ ...benchDb(), database: ARCHIVE_DB });
  await client.connect();
  const results: BenchResult[] = [];
  try {
    let info: SeedInfo | null = await seededSize(client);
    if (!info || info.n !== n) {
      console.log(`  seeding ${n.toLocaleString('en')} letters into ${ARCHIVE_DB}`);
      info = await seedArchive(client, n, (s) => console.log(s));
    } else console.log(`  reusing ${ARCHIVE_DB} (${n.toLocaleString('en')} letters)`);
    const sizes = (
      await client.query(
        `SELECT c.relname AS name, pg_relation_size(c.oid) AS bytes FROM pg_class c WHERE c.relname LIKE 'ix_letter_search_%' OR c.relname = 'letter_search' ORDER BY 1`,
      )
    ).rows as { name: string; bytes: string }[];
    const mb = (b: string | number) => round(Number(b) / 1024 / 1024, 1);
    const indexTotal = sizes.filter((s) => s.name !== 'letter_search').reduce((a, s) => a + Number(s.bytes), 0);
    const table = sizes.find((s) => s.name === 'letter_search')!;
    results.push({
      name: 'archive.index_size',
      value: mb(indexTotal),
      unit: 'MB',
      baseline: { name: 'letter_search heap', value: mb(table.bytes) },
      ratio: round(indexTotal / Number(table.bytes), 2),
      extra: Object.fromEntries(sizes.filter((s) => s.name !== 'letter_search').map((s) => [s.name.replace('ix_letter_search_', ''), `${mb(s.bytes)} MB`])),
    });
    const buildTotal = Object.values(info.indexSeconds).reduce((a, b) => a + b, 0);
    results.push({
      name: 'archive.index_build',
      value: round(buildTotal, 1),
      unit: 's',
      baseline: { name: 'seeding the rows (generate + INSERT)', value: round(info.seedSeconds, 1) },
      ratio: round(buildTotal / info.seedSeconds, 2),
      extra: { letters: n, ...Object.fromEntries(Object.entries(info.indexSeconds).map(([k, v]) => [k.replace('ix_letter_search_', ''), `${round(v, 1)} s`])) },
    });

    const official = await login(server.url, 'kasi.aptika');
    const archivist = await login(server.url, 'arsiparis');
    // The official sees about 2% of the archive; the archivist every letter below Rahasia (the hard case for ranking).
    const passes = [
      ...QUERIES.map((query) => ({ query, who: 'official', token: official })),
      ...QUERIES.filter((q) => ['mid_word', 'common_word'].includes(q.name)).map((query) => ({ query, who: 'archivist', token: archivist })),
    ];
    for (const { query, who, token } of passes) {
      let seen = 0;
      let matches = 0;
      const viaApi = await timed(runs, 20_000, async () => (seen = (await api(server.url, token, query.q)).total));
      const viaSql = await timed(runs, 20_000, async () => (matches = await bare(client, query.q)));
      const a = stat(viaApi);
      const b = stat(viaSql);
      results.push({
        name: `archive.search.${query.name}${who === 'official' ? '' : `.${who}`}`,
        value: a.p95,
        unit: 'ms p95 via API',
        baseline: { name: 'bare SQL p95, same index', value: b.p95 },
        ratio: round(a.p95 / b.p95, 2),
        p50_ms: a.p50,
        p99_ms: a.p99,
        extra: { q: query.q, target: `p95 < ${query.targetMs} ms`, met: a.p95 < query.targetMs ? 'yes' : 'NO', bare_p50: b.p50, visible_total: seen, matching: matches, runs: viaApi.length },
      });
    }

    // Transition → searchable in its new state, through the outbox and the indexer.
    const staf = await login(server.url, 'staf.kominfo');
    const headers = { authorization: `Bearer ${staf}`, 'content-type': 'application/json' };
    const positions = (await (await fetch(`${server.url}/api/v1/positions`, { headers })).json()) as { id: string; code: string }[];
    const pos = (code: string) => positions.find((p) => p.code === code)!.id;
    const lags: number[] = [];
    for (let i = 0; i < (quick ? 3 : 8); i++) {
      const word = `ujicari${'abcdefghij'[i]}${Date.now().toString(36).replace(/[0-9]/g, (d) => 'klmnopqrst'[Number(d)])}`;
      const created = (await (
        await fetch(`${server.url}/api/v1/letters`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            type: 'nota-dinas',
            subject: `Uji pencarian ${word}`,
            classificationCode: '000.8.3.3',
            body: { paragraphs: ['Uji waktu indeks.'] },
            recipientPositionIds: [pos('KABID-APTIKA')],
            reviewers: [{ positionIds: [pos('KASI-APTIKA')] }],
            signers: [{ positionIds: [pos('KADIS-KOMINFO')] }],
          }),
        })
      ).json()) as { id: string; version: number };
      const res = await fetch(`${server.url}/api/v1/letters/${created.id}/transitions`, { method: 'POST', headers, body: JSON.stringify({ event: 'submit', version: created.version }) });
      if (!res.ok) throw new Error(`submit: ${res.status}`);
      const t0 = Date.now();
      for (;;) {
        const found = await api(server.url, staf, word);
        if (found.items.some((it) => it.id === created.id && it.state === 'review')) break;
        if (Date.now() - t0 > 30_000) throw new Error('the transition did not reach the index within 30 s');
        await new Promise((r) => setTimeout(r, 20));
      }
      lags.push(Date.now() - t0);
    }
    lags.sort((x, y) => x - y);
    results.push({
      name: 'archive.transition_to_searchable',
      value: round(percentile(lags, 50), 0),
      unit: 'ms p50',
      p50_ms: round(percentile(lags, 50), 0),
      p99_ms: lags[lags.length - 1],
      extra: { max_ms: lags[lags.length - 1], samples: lags.length, poll_ms: 20 },
    });

    // Ranking the word in most letters: GIN + ts_rank_cd over every match, newest first, RUM's <=> order.
    // Skipped when BENCH_ARCHIVE_RUM=0 or when the server has no RUM (Debian's postgresql-15-rum is not among the system dependencies).
    const rumAvailable = (await client.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'rum'`)).rowCount! > 0;
    if (!rumAvailable) console.log('  RUM is not installed on this server: its comparison is skipped');
    if (process.env.BENCH_ARCHIVE_RUM !== '0' && rumAvailable) {
      await client.query(`CREATE EXTENSION IF NOT EXISTS rum`);
      await client.query(`SET maintenance_work_mem = '256MB'`);
      const t = Date.now();
      await client.query(`CREATE INDEX bench_letter_search_document_rum ON letter_search USING rum (document rum_tsvector_ops)`);
      const rumBuild = (Date.now() - t) / 1000;
      const rumSize = (await client.query(`SELECT pg_relation_size('bench_letter_search_document_rum') AS b`)).rows[0].b;
      try {
        for (const q of ['surat', MID_WORD]) {
          const tsq = `'${q}'`;
          const gin = await timed(quick ? 5 : 15, 20_000, () => client.query(`SELECT letter_id FROM letter_search WHERE document @@ to_tsquery('simple', $1) ORDER BY ts_rank_cd(document, to_tsquery('simple', $1)) DESC LIMIT 20`, [tsq]));
          const newest = await timed(quick ? 5 : 15, 20_000, () => client.query(`SELECT letter_id FROM letter_search WHERE document @@ to_tsquery('simple', $1) ORDER BY letter_date DESC LIMIT 20`, [tsq]));
          const rum = await timed(quick ? 5 : 15, 20_000, () => client.query(`SELECT letter_id FROM letter_search WHERE document @@ to_tsquery('simple', $1) ORDER BY document <=> to_tsquery('simple', $1) LIMIT 20`, [tsq]));
          results.push({
            name: `archive.rank.${q === 'surat' ? 'common_word' : 'mid_word'}.rum`,
            value: stat(rum).p95,
            unit: 'ms p95 (RUM <=> order, top 20)',
            baseline: { name: 'GIN + ts_rank_cd over every match', value: stat(gin).p95 },
            ratio: round(stat(rum).p95 / stat(gin).p95, 3),
            p50_ms: stat(rum).p50,
            p99_ms: stat(rum).p99,
            extra: { newest_first_gin_p95: stat(newest).p95, rum_build_s: round(rumBuild, 1), rum_size_mb: mb(rumSize) },
          });
        }
      } finally {
        await client.query(`DROP INDEX IF EXISTS bench_letter_search_document_rum`);
      }
    }
  } finally {
    await client.end();
    await server.stop();
  }
  return results;
}
