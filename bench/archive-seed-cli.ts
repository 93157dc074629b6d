import { Client } from 'pg';
import { ARCHIVE_DB, archiveSize } from './archive.bench';
import { seedArchive, seededSize } from './archive-seed';
import { benchDb, startBenchServer } from './bench-server';

/**
 * `npm run bench:seed-archive`: migrates and seeds the archive database (BENCH_ARCHIVE_DB,
 * default esurat_bench_archive) with BENCH_ARCHIVE_N letters (default 1,000,000) ahead of
 * `npm run bench -- archive`, which reuses it. Does nothing when it already holds that many.
 */
async function main(): Promise<void> {
  const n = archiveSize(process.env.BENCH_QUICK === '1');
  const server = await startBenchServer(3962, { DB_NAME: ARCHIVE_DB });
  const client = new Client({ ...benchDb(), database: ARCHIVE_DB });
  await client.connect();
  try {
    const info = await seededSize(client);
    if (info?.n === n) {
      console.log(`${ARCHIVE_DB} already holds ${n} letters`);
      return;
    }
    const seeded = await seedArchive(client, n, (s) => console.log(s));
    console.log(`seeded ${n} letters in ${seeded.seedSeconds.toFixed(0)} s; indexes ${JSON.stringify(seeded.indexSeconds)}`);
  } finally {
    await client.end();
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
