import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/auth.decorators';

/** The request an act happens in, for the audit entry: who (once authenticated), from where, which request id. */
const requests = new AsyncLocalStorage<AuthenticatedRequest & { id?: unknown }>();

export const currentRequest = () => requests.getStore();

/** Makes the request reachable from every service it calls, without passing it down. */
@Injectable()
export class AuditContextMiddleware implements NestMiddleware {
  use(req: AuthenticatedRequest, _res: Response, next: NextFunction): void {
    requests.run(req, next);
  }
}
