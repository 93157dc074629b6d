import { CompiledQuery, DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, RawBuilder, sql } from 'kysely';

/**
 * Kysely as a query builder only: it compiles to PostgreSQL text and numbered parameters and
 * never connects (the statements run through `preparedQuery` on TypeORM's connection, in the
 * caller's transaction). Each value written into a `sql` fragment becomes its own `$n`, so a
 * statement assembled from parts numbers its parameters itself.
 */
export const compiler = new Kysely<any>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** One named part of a statement: `name AS (body)`, a common table expression. */
export interface StatementPart {
  readonly name: string;
  readonly body: RawBuilder<unknown>;
}

export const part = (name: string, body: RawBuilder<unknown>): StatementPart => ({ name, body });

/** `WITH part, part, … <final>` compiled, its parameters numbered in the order they appear. */
export function compileWith(parts: readonly StatementPart[], final: RawBuilder<unknown>): CompiledQuery {
  const names = new Set<string>();
  for (const p of parts) {
    if (!/^[a-z][a-z0-9_]*$/.test(p.name)) throw new Error(`Statement part "${p.name}" is not a plain lower-case name`);
    if (names.has(p.name)) throw new Error(`Two statement parts are named "${p.name}"`);
    names.add(p.name);
  }
  const ctes = sql.join(
    parts.map((p) => sql`${sql.raw(p.name)} AS (\n${p.body})`),
    sql.raw(',\n'),
  );
  return sql`WITH ${ctes}\n${final}`.compile(compiler);
}

export { sql };
export type { RawBuilder };
