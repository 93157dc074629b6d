import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { CompiledQuery } from 'kysely';

/**
 * The SQL text of statements built from parts, committed beside the code so that a review sees
 * what the database is sent (as Immich commits its repositories' queries). A spec compares the
 * generated text with the committed file and fails on drift; `UPDATE_SQL=1` rewrites the file.
 */
export function committedSql(path: string, title: string, statements: Record<string, CompiledQuery>): { expected: string; actual: string } {
  const actual = [
    `-- ${title}`,
    '-- Generated: UPDATE_SQL=1 npx jest --config jest.config.js <this folder> --selectProjects unit',
    '',
    ...Object.entries(statements).flatMap(([name, q]) => [`-- ${name} (${q.parameters.length} parameters)`, `${q.sql};`, '']),
  ].join('\n');
  if (process.env.UPDATE_SQL === '1') writeFileSync(path, actual);
  return { expected: existsSync(path) ? readFileSync(path, 'utf8') : '', actual };
}
