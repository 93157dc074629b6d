import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { EntityManager, QueryFailedError } from 'typeorm';

const names = new Map<string, string>();

/** A stable statement name for a fixed SQL text. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `esurat_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a fixed SQL text as a named prepared statement on the manager's connection (its
 * transaction, if it has one). PostgreSQL parses and plans it once per connection instead of
 * on every call, which matters for the statements every transition runs. Only for SQL texts
 * written in the code: values always go in `params`, never into the text, or every distinct
 * text would leave a statement behind on the connection. Errors come out as TypeORM's
 * QueryFailedError, like `manager.query`.
 */
export async function preparedQuery<T = any>(manager: EntityManager, text: string, params: unknown[] = []): Promise<T[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  const own = !manager.queryRunner;
  try {
    const client = (await runner.connect()) as PoolClient;
    try {
      return (await client.query({ name: statementName(text), text, values: params })).rows as T[];
    } catch (err) {
      throw new QueryFailedError(text, params, err as Error);
    }
  } finally {
    if (own) await runner.release();
  }
}
