import { CallHandler, ExecutionContext, Global, Injectable, Logger, Module, NestInterceptor } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import type { Principal } from '../records/principal';
import { ReadReplicas } from './read-replicas';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * After every write request (any method but GET, HEAD, OPTIONS) of an authenticated principal,
 * records the primary's WAL position for that principal before the answer leaves, so that the
 * principal's next reads skip a replica that has not replayed the write yet. Failed requests
 * too: one may have written before failing. Nothing at all without DB_READ_HOSTS.
 */
@Injectable()
export class WritePositionInterceptor implements NestInterceptor {
  private readonly logger = new Logger('ReadReplicas');
  private failing = false;

  constructor(private readonly replicas: ReadReplicas) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.replicas.enabled || context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<{ method: string; principal?: Principal }>();
    if (SAFE_METHODS.has(req.method)) return next.handle();
    const record = async () => {
      // Set by the auth guard, which has run by now; a public route's caller has none.
      if (!req.principal) return;
      try {
        await this.replicas.writeRecorded(req.principal);
        if (this.failing) this.logger.log('Write positions are recorded again');
        this.failing = false;
      } catch (err) {
        // The write stands; the principal's reads may then miss it on a replica for up to DB_READ_MAX_LAG_MS.
        if (!this.failing) this.logger.warn({ err }, 'Could not record a write position (Redis or the primary failed): a replica may briefly miss it');
        this.failing = true;
      }
    };
    return next.handle().pipe(
      mergeMap((result) => from(record().then(() => result))),
      catchError((err) => from(record()).pipe(mergeMap(() => throwError(() => err)))),
    );
  }
}

/** The read replicas (DB_READ_HOSTS) and the write positions that keep a principal's reads fresh. */
@Global()
@Module({
  providers: [ReadReplicas, { provide: APP_INTERCEPTOR, useClass: WritePositionInterceptor }],
  exports: [ReadReplicas],
})
export class ReadReplicaModule {}
