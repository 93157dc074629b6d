import { CallHandler, DynamicModule, ExecutionContext, Global, Injectable, Logger, Module, NestInterceptor, Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import type { AppConfig } from '../config/app-config';
import type { Principal } from '../records/principal';
import { parseReadHosts, ReadReplicas } from './read-replicas';

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

/**
 * The read replicas (DB_READ_HOSTS) and the write positions that keep a principal's reads fresh.
 * The interceptor is registered only when replicas are configured: one global interceptor puts
 * every request through Nest's interceptor chain (two AsyncResource bindings and an rxjs pipe
 * per request, about a tenth of a minimal request's CPU), for nothing on a single database.
 */
@Global()
@Module({})
export class ReadReplicaModule {
  static forRoot(config: AppConfig): DynamicModule {
    const withReplicas = parseReadHosts(config.DB_READ_HOSTS, config.DB_PORT).length > 0;
    const providers: Provider[] = [ReadReplicas, ...(withReplicas ? [{ provide: APP_INTERCEPTOR, useClass: WritePositionInterceptor }] : [])];
    return { module: ReadReplicaModule, providers, exports: [ReadReplicas] };
  }
}
