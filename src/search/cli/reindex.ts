/** `node dist/src/search/cli/reindex.js`: rebuilds the search index of every letter (see search-reindex.command.ts). */
import { ConfigError, loadConfig } from '../../config/app-config';
import { runSearchReindex } from './search-reindex.command';

runSearchReindex(process.argv.slice(2), loadConfig(), { out: console.log, err: console.error }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exitCode = 2;
  },
);
