import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

const MAX_QUERY_CHARS = 500;
const clip = (query: string) => (query.length > MAX_QUERY_CHARS ? `${query.slice(0, MAX_QUERY_CHARS)}…` : query);

/**
 * TypeORM's lines through the app's logger, in its format. Parameters are never logged: they
 * are password hashes, webhook secrets, letter subjects and bodies. A failed query is the
 * caller's to report (the error filter does, without its values), so here it is debug only.
 */
export class TypeOrmLogBridge implements TypeOrmLogger {
  private readonly logger = new Logger('TypeORM');

  logQuery(): void {
    // Every statement at any level would flood the log; pg_stat_statements is the place for that.
  }

  logQueryError(error: string | Error, query: string): void {
    const code = typeof error === 'object' ? (error as { code?: string }).code : undefined;
    this.logger.debug({ code, query: clip(query) }, 'Query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, query: clip(query) }, 'Slow query');
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  /** One line per migration checked: the summary at info is prepareDatabase's. */
  logMigration(message: string): void {
    this.logger.debug(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}
