import { AsyncLocalStorage } from 'node:async_hooks';
import type { PrincipalRequest } from '../authz/principal-request';

/** The request an act happens in, for the audit entry: who (once authenticated), from where, which request id. */
const requests = new AsyncLocalStorage<PrincipalRequest & { id?: unknown }>();

export const currentRequest = () => requests.getStore();

/** Makes the request reachable from every service it calls, without passing it down (a hook before the route runs). */
export function runInAuditContext(req: PrincipalRequest, next: () => void): void {
  requests.run(req, next);
}
