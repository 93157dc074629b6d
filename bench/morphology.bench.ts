import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import { Stemmer as SastrawiStemmer } from 'sastrawijs';
import { bundledRootWordsFile, loadRootWords } from '../src/search/morphology/root-words';
import { IndonesianStemmer } from '../src/search/morphology/stemmer';
import { DIFFERENT_ROOT_PAIRS, SAME_ROOT_PAIRS } from '../src/search/morphology/word-pairs';
import { BenchResult, round } from './bench-result';
import { benchDb } from './bench-server';

type Lexemes = Map<string, string[]>;

/** Two words agree when their lexeme sets meet (hunspell may give several stems). */
function score(lex: Lexemes): { same: number; apart: number; failures: string[] } {
  const meet = (a: string, b: string) => (lex.get(a) ?? []).some((x) => (lex.get(b) ?? []).includes(x));
  const failures: string[] = [];
  let same = 0;
  let apart = 0;
  for (const [a, b] of SAME_ROOT_PAIRS) {
    if (meet(a, b)) same++;
    else failures.push(`${a}≠${b}`);
  }
  for (const [a, b] of DIFFERENT_ROOT_PAIRS) {
    if (!meet(a, b)) apart++;
    else failures.push(`${a}=${b}`);
  }
  return { same, apart, failures };
}

function hunspellInstalled(): boolean {
  try {
    const share = execFileSync('pg_config', ['--sharedir']).toString().trim();
    return existsSync(`${share}/tsearch_data/esurat_id_hunspell.dict`);
  } catch {
    return false;
  }
}

/**
 * `morphology.*`: each candidate stemmer scored on the word pairs of `word-pairs.ts` (forms of
 * one root that must agree, look-alikes that must not): PostgreSQL's Snowball `indonesian`,
 * hunspell-id as an ispell dictionary ahead of Snowball (when `scripts/pg-hunspell-id.sh` has
 * installed it; created in a transaction that is rolled back), raw Sastrawi, and ours (Sastrawi +
 * exceptions). Then stemming speed: ours memoised, beside raw Sastrawi on the same words.
 */
export async function runMorphologyBench(quick: boolean): Promise<BenchResult[]> {
  const words = [...new Set([...SAME_ROOT_PAIRS, ...DIFFERENT_ROOT_PAIRS].flat())];
  const total = SAME_ROOT_PAIRS.length + DIFFERENT_ROOT_PAIRS.length;
  const candidates: { name: string; lex: Lexemes }[] = [];
  const client = new Client({ ...benchDb(), database: 'postgres' });
  await client.connect();
  try {
    const snowball = await client.query(`SELECT w, tsvector_to_array(to_tsvector('indonesian', w)) AS l FROM unnest($1::text[]) w`, [words]);
    candidates.push({ name: 'snowball', lex: new Map(snowball.rows.map((r) => [r.w, r.l])) });
    if (hunspellInstalled()) {
      await client.query('BEGIN');
      try {
        await client.query(`CREATE TEXT SEARCH DICTIONARY pg_temp.bench_hunspell_id (TEMPLATE = ispell, DictFile = esurat_id_hunspell, AffFile = esurat_id_hunspell)`);
        await client.query(`CREATE TEXT SEARCH CONFIGURATION pg_temp.bench_id (COPY = simple)`);
        await client.query(`ALTER TEXT SEARCH CONFIGURATION pg_temp.bench_id ALTER MAPPING FOR asciiword, word WITH pg_temp.bench_hunspell_id, indonesian_stem`);
        const hun = await client.query(`SELECT w, tsvector_to_array(to_tsvector('pg_temp.bench_id', w)) AS l FROM unnest($1::text[]) w`, [words]);
        candidates.push({ name: 'hunspell+snowball', lex: new Map(hun.rows.map((r) => [r.w, r.l])) });
      } finally {
        await client.query('ROLLBACK');
      }
    }
  } finally {
    await client.end();
  }
  // Sastrawi's own Kateglo list (CC BY-NC-SA, measured only, never used) and the hunspell-id list we ship, both without our exceptions.
  const sastrawi = new SastrawiStemmer();
  candidates.push({ name: 'sastrawi', lex: new Map(words.map((w) => [w, [sastrawi.stem(w)]])) });
  const sastrawiHunspell = new SastrawiStemmer(loadRootWords(bundledRootWordsFile()).words);
  candidates.push({ name: 'sastrawi_hunspell_list', lex: new Map(words.map((w) => [w, [sastrawiHunspell.stem(w)]])) });
  const ours = new IndonesianStemmer();
  candidates.push({ name: 'ours', lex: new Map(words.map((w) => [w, [ours.stem(w)]])) });

  const results: BenchResult[] = [];
  const snowballScore = score(candidates[0].lex);
  for (const c of candidates) {
    const s = score(c.lex);
    results.push({
      name: `morphology.pairs.${c.name}`,
      value: s.same + s.apart,
      unit: `of ${total} pairs right`,
      baseline: { name: 'snowball indonesian', value: snowballScore.same + snowballScore.apart },
      ratio: round((s.same + s.apart) / (snowballScore.same + snowballScore.apart), 3),
      extra: { same_root: `${s.same}/${SAME_ROOT_PAIRS.length}`, apart: `${s.apart}/${DIFFERENT_ROOT_PAIRS.length}`, wrong: s.failures.slice(0, 12).join(' ') || '-' },
    });
  }
  if (!hunspellInstalled()) console.log('  (hunspell-id not installed in PostgreSQL: run scripts/pg-hunspell-id.sh as root to score it)');

  // Speed on a letter-like stream: a vocabulary of the pairs' words, each seen many times.
  const rounds = quick ? 200 : 2000;
  const stream = Array.from({ length: rounds }, () => words).flat();
  const time = (f: (w: string) => string): number => {
    const started = process.hrtime.bigint();
    let n = 0;
    for (const w of stream) n += f(w).length;
    if (n === 0) throw new Error('no output');
    return stream.length / (Number(process.hrtime.bigint() - started) / 1e9);
  };
  const rawWords = stream.slice(0, Math.min(stream.length, 50_000));
  const rawStarted = process.hrtime.bigint();
  for (const w of rawWords) sastrawiHunspell.stem(w);
  const rawRate = rawWords.length / (Number(process.hrtime.bigint() - rawStarted) / 1e9);
  const kategloStarted = process.hrtime.bigint();
  for (const w of rawWords) sastrawi.stem(w);
  const kategloRate = rawWords.length / (Number(process.hrtime.bigint() - kategloStarted) / 1e9);
  const oursRate = time((w) => ours.stem(w));
  results.push({
    name: 'morphology.stem_rate',
    value: round(oursRate, 0),
    unit: 'words/s (memoised)',
    baseline: { name: 'raw sastrawi on the hunspell-id list, no cache', value: round(rawRate, 0) },
    ratio: round(oursRate / rawRate, 1),
    extra: { words: stream.length, raw_kateglo_list_words_per_s: round(kategloRate, 0) },
  });
  return results;
}
