import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createHttpApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { DEMO_SIGNING_PASSPHRASE } from '../src/seeds/demo-city';
import { RenderOptions } from '../src/documents/pdf/letter-render.types';
import { renderLetter } from '../src/documents/pdf/letter-renderer';
import { loadTemplates } from '../src/documents/pdf/letter-template.loader';
import { issueDemoCertificates } from '../src/documents/signer-credentials';
import { LocalCaSigner } from '../src/documents/signing/local-ca.signer';
import { unsealPrivateKey } from '../src/documents/signing/private-key-vault';
import { TimestampService } from '../src/documents/timestamp/timestamp.service';
import { LtvRenewalService } from '../src/documents/pki/ltv-renewal.service';
import { LtvService } from '../src/documents/pki/ltv.service';
import { deleteQueuePrefix, redisOptions } from '../src/queue/redis';
import { StorageService } from '../src/storage/storage.service';
import { BenchResult, round } from './bench-result';
import { benchDb } from './bench-server';
import { benchLetter, measure, templatesDir } from './documents.bench';

/**
 * Long-term signatures (issue 21, item 7), in process on a fresh database of their own:
 * `documents.sign_lta` (render, sign with the built-in TSA, DSS with OCSP and CRL, document
 * timestamp) beside `documents.render_sign` (render, sign B-B) measured in the same run; then
 * the renewal job (pki.ltv-renewal) over BENCH_LTV_N archived signed letters (default 10,000):
 * a pass where nothing is due (the daily check) and a pass where every letter is due, each
 * with its rate and the process's RSS and heap peaks while it runs.
 */
export async function runLtvBench(quick: boolean): Promise<BenchResult[]> {
  const n = Number(process.env.BENCH_LTV_N ?? (quick ? 1000 : 10_000));
  const iterations = quick ? 30 : 150;
  const dbName = `esurat_bench_ltv_${process.pid}`;
  const admin = new Client({ ...benchDb(), database: 'postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  const storageRoot = mkdtempSync(join(tmpdir(), 'esurat-bench-ltv-'));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'development',
    DB_NAME: dbName,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    QUEUE_PREFIX: `bench_ltv_${process.pid}`,
    STORAGE_DRIVER: 'fs',
    STORAGE_FS_ROOT: storageRoot,
    WORKERS_ENABLED: 'false',
    TSA_URL: '',
  });
  const app = await createHttpApp(config, { workers: false });
  try {
    await app.init();
    const db = app.get<DataSource>(getDataSourceToken());
    await issueDemoCertificates(db, config);
    const ltv = app.get(LtvService);
    const timestamps = app.get(TimestampService);

    const [stored] = await db.query(
      `SELECT c.certificate_pem, c.chain_pems, c.sealed_private_key FROM signer_credential c JOIN person p ON p.id = c.person_id
        WHERE p.username = 'kadis.kominfo' AND c.provider = 'local' AND c.revoked_at IS NULL`,
    );
    const key = await unsealPrivateKey(stored.sealed_private_key, DEMO_SIGNING_PASSPHRASE);
    const plain = LocalCaSigner.fromKey(key, stored.certificate_pem, stored.chain_pems);
    const stamped = LocalCaSigner.fromKey(key, stored.certificate_pem, stored.chain_pems, new Date(), await timestamps.timestamper());

    const options: RenderOptions = {
      templates: await loadTemplates(templatesDir()),
      mode: 'final',
      publicUrl: config.PUBLIC_URL,
      certificateIssuer: 'Pemerintah Kota Pekalongan',
    };
    const letter = benchLetter(9);
    const renderSign = async () => plain.sign(await renderLetter(letter, options), {});
    const signLta = async () => ltv.extend(await stamped.sign(await renderLetter(letter, options), {}));
    // Interleaved halves, so a neighbour's burst on the shared machine weighs on both alike.
    const half = Math.ceil(iterations / 2);
    const a1 = await measure(half, renderSign);
    const b1 = await measure(half, signLta);
    const a2 = await measure(half, renderSign);
    const b2 = await measure(half, signLta);
    const baseP50 = (a1.p50 + a2.p50) / 2;
    const ltaP50 = (b1.p50 + b2.p50) / 2;
    const archived = await signLta();

    const seedStarted = performance.now();
    await seedArchivedLetters(db, app.get(StorageService), archived, n);
    const seedMs = performance.now() - seedStarted;

    const renewal = app.get(LtvRenewalService);
    // The seeded versions have no renew_by (stored before it was kept): the first run reads each file once and fills it.
    const backfill = await metered(() => renewal.run(new Date()));
    if (backfill.result.checked !== n || backfill.result.renewed !== 0) throw new Error(`backfill pass: ${JSON.stringify(backfill.result)}`);
    // The daily run when nothing is due (every TSA certificate ends years ahead): the index answers.
    const check = await metered(() => renewal.run(new Date()));
    if (check.result.checked !== 0) throw new Error(`check pass: ${JSON.stringify(check.result)}`);
    // Everything due: a horizon past every TSA certificate's end.
    const renew = await metered(() => renewal.run(new Date('2100-01-01T00:00:00Z')));
    if (renew.result.renewed !== n || renew.result.failed !== 0) throw new Error(`renewal pass: ${JSON.stringify(renew.result)}`);
    // The floor of one renewal: the same DSS and document timestamp on one PDF in a loop, no storage, no transaction.
    const floor = await measure(quick ? 20 : 100, () => ltv.extend(archived));

    const renewMsPerLetter = renew.ms / n;
    return [
      {
        name: 'documents.sign_lta',
        value: round(ltaP50, 2),
        unit: 'ms',
        baseline: { name: 'documents.render_sign (B-B, same run)', value: round(baseP50, 2) },
        ratio: round(ltaP50 / baseP50, 2),
        p50_ms: round(ltaP50, 2),
        p99_ms: round(Math.max(b1.p99, b2.p99), 2),
        extra: { target_ratio: 2, render_sign_p99_ms: round(Math.max(a1.p99, a2.p99), 2), pdf_bytes: archived.length },
      },
      {
        name: 'pki.ltv_renewal_first_run',
        value: round((n / backfill.ms) * 1000, 0),
        unit: `letters/s (${n} archived without renew_by, none due: each file read once)`,
        extra: { total_s: round(backfill.ms / 1000, 1), ...backfill.memory },
      },
      {
        name: 'pki.ltv_renewal_check',
        value: round(check.ms, 1),
        unit: `ms for ${n} archived letters, none due`,
        extra: check.memory,
      },
      {
        name: 'pki.ltv_renewal',
        value: round((n / renew.ms) * 1000, 1),
        unit: `letters/s (${n} archived, all due)`,
        baseline: { name: 'ltv.extend of one PDF in a loop (ms), no storage or transaction', value: round(floor.p50, 2) },
        ratio: round(renewMsPerLetter / floor.p50, 2),
        extra: { ms_per_letter: round(renewMsPerLetter, 2), concurrency: 4, total_s: round(renew.ms / 1000, 1), seed_s: round(seedMs / 1000, 1), ...renew.memory },
      },
    ];
  } finally {
    await app.close();
    await deleteQueuePrefix(redisOptions(config), config.QUEUE_PREFIX).catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    rmSync(storageRoot, { recursive: true, force: true });
  }
}

/**
 * `n` filed letters whose current document is a signed version: one stored object (the
 * B-LTA PDF) shared by every letter_document row, inserted 2,000 at a time.
 */
async function seedArchivedLetters(db: DataSource, storage: StorageService, pdf: Buffer, n: number): Promise<void> {
  const object = await storage.put(pdf, { purpose: 'letter-document', contentType: 'application/pdf', originalName: 'surat-signed-1.pdf', maxBytes: pdf.length });
  const [ctx] = await db.query(
    `SELECT d.key, d.id AS def, p.id AS drafter, p.name, u.id AS unit FROM workflow_definition d, person p, unit u
      WHERE d.key = 'surat-keluar' AND p.username = 'staf.kominfo' AND u.id = (SELECT unit_id FROM position WHERE code = 'KADIS-KOMINFO')
      ORDER BY d.created_at DESC LIMIT 1`,
  );
  const batch = 2000;
  for (let from = 0; from < n; from += batch) {
    const ids = Array.from({ length: Math.min(batch, n - from) }, () => randomUUID());
    const docs = ids.map(() => randomUUID());
    await db.transaction(async (tx) => {
      // No outbox rows or search indexing for the seeded letters: they stand for an old archive.
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(
        `INSERT INTO letter (id, kind, workflow_key, workflow_definition_id, state, snapshot, route_plans, subject, sifat, classification_code,
                             drafter_person_id, unit_id, number, numbered_at, signed_at, done)
         SELECT id, 'outgoing', $2, $3, 'filed', '{"bench": true}', '[]', 'Arsip ' || ord, 'biasa', '000.8.3.3', $4, $5,
                '000.8.3.3/' || ord || '/Diskominfo/2026', now(), now(), true
           FROM unnest($1::uuid[]) WITH ORDINALITY AS r(id, ord)`,
        [ids, ctx.key, ctx.def, ctx.drafter, ctx.unit],
      );
      await tx.query(
        `INSERT INTO letter_document (id, letter_id, kind, sequence, object_id, sha256, size, signer_person_id, signer_name, provider)
         SELECT doc, id, 'signed', 1, $3, $4, $5, $6, $7, 'local' FROM unnest($1::uuid[], $2::uuid[]) AS r(id, doc)`,
        [ids, docs, object.id, object.sha256, object.size, ctx.drafter, ctx.name],
      );
      await tx.query(`UPDATE letter l SET current_document_id = r.doc FROM unnest($1::uuid[], $2::uuid[]) AS r(id, doc) WHERE l.id = r.id`, [ids, docs]);
    });
  }
  await db.query('ANALYZE letter, letter_document');
}

/** Runs `work`, sampling RSS and heap every 25 ms: their peaks, and their rise over the start. */
async function metered<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; memory: Record<string, number> }> {
  global.gc?.();
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 25);
  const started = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - started;
    const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
    return {
      result,
      ms,
      memory: { rss_peak_mb: mb(peakRss), rss_rise_mb: mb(peakRss - start.rss), heap_peak_mb: mb(peakHeap), heap_rise_mb: mb(peakHeap - start.heapUsed) },
    };
  } finally {
    clearInterval(timer);
  }
}
