import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuthenticatedRequest } from '../auth/auth.decorators';

/** The request an act happens in, for the audit entry: who (once authenticated), from where, which request id. */
const requests = new AsyncLocalStorage<AuthenticatedRequest & { id?: unknown }>();

export const currentRequest = () => requests.getStore();

/** Makes the request reachable from every service it calls, without passing it down (a hook before the route runs). */
export function runInAuditContext(req: AuthenticatedRequest, next: () => void): void {
  requests.run(req, next);
}
