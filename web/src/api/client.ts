import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** An error the API answered with: `{ code, message, details }` and its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onSessionEnded: (() => void) | null = null;

/** The CSRF token of the session in force (kept in memory only: never in storage). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API says the session has ended, so the app can send the user to the login page. */
export function setSessionEndedHandler(handler: (() => void) | null): void {
  onSessionEnded = handler;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const session: Middleware = {
  onRequest({ request }) {
    if (csrfToken && UNSAFE.has(request.method)) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  async onResponse({ request, response }) {
    const sessionRoute = new URL(request.url).pathname === '/api/v1/auth/session';
    if (response.status === 401 && !sessionRoute) onSessionEnded?.();
    return response;
  },
};

/** The typed API client: paths, parameters and bodies come from the server's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(session);

/** Network failure, not an answer: the API could not be reached. */
export const NETWORK_ERROR = 'NETWORK_ERROR';

/**
 * Unwraps an openapi-fetch result: the data, or an ApiError with the server's code.
 * Use as `const letter = await unwrap(api.GET('/api/v1/letters/{id}', { params: { path: { id } } }))`.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (err) {
    throw new ApiError(0, NETWORK_ERROR, err instanceof Error ? err.message : String(err));
  }
  if (result.response.ok) return result.data as T;
  const body = (result.error ?? {}) as { code?: string; message?: string; details?: unknown };
  throw new ApiError(result.response.status, body.code ?? `HTTP_${result.response.status}`, body.message ?? result.response.statusText, body.details);
}

/** A raw request for what the typed client does not cover (multipart uploads, binary downloads), with the same session headers. */
export async function rawFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (csrfToken && UNSAFE.has((init.method ?? 'GET').toUpperCase())) headers.set('X-CSRF-Token', csrfToken);
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  } catch (err) {
    throw new ApiError(0, NETWORK_ERROR, err instanceof Error ? err.message : String(err));
  }
  if (response.status === 401) onSessionEnded?.();
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string; details?: unknown };
    throw new ApiError(response.status, body.code ?? `HTTP_${response.status}`, body.message ?? response.statusText, body.details);
  }
  return response;
}
