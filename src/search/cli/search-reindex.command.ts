import { DataSource } from 'typeorm';
import { ClassificationCodes } from '../../classification/classification-codes';
import type { AppConfig } from '../../config/app-config';
import { dataSourceOptions } from '../../database/data-source-options';
import { SearchIndexer } from '../indexer/search-indexer.service';

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

/**
 * `search:reindex`: rebuilds the search index row of every letter, in batches by id, here and
 * now (the workers need not run). Safe beside running workers: a row is rebuilt whole, so the
 * last writer of a letter wins with what the letter holds then. Exit 0 when done, 2 when it
 * could not run.
 */
export async function runSearchReindex(args: string[], config: AppConfig, output: CommandOutput): Promise<number> {
  if (args.length > 0) {
    output.err(`search:reindex takes no arguments (got ${args.join(' ')})`);
    return 2;
  }
  const db = await new DataSource({ ...dataSourceOptions(config), migrationsRun: false }).initialize();
  try {
    const indexer = new SearchIndexer(db, new ClassificationCodes(config), config);
    const started = Date.now();
    const total = await indexer.rebuildAll(db.manager, (done) => {
      if (done % 5000 === 0) output.out(`${done} letters indexed`);
    });
    output.out(`Indexed ${total} letter(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    await db.destroy();
  }
}
