import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/** Where Swagger UI is served; its page and assets need a CSP of their own. */
export const API_DOCS_PATH = 'api/docs';

/** API responses are data, never a page: nothing in them may run, load, be framed or submit. */
const API_CSP = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * The server-rendered pages (the public verification page, the printable dispatch list): one
 * inline stylesheet, nothing else. Set by their controllers, replacing the API policy.
 */
export const HTML_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Swagger UI loads its own scripts and styles, inline styles and data: icons, and calls the API. */
const API_DOCS_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** HSTS only where the public address is https: over plain http it would lock users out. */
const hsts = (publicUrl: string) => (/^https:\/\//i.test(publicUrl) ? { maxAge: 365 * 86400, includeSubDomains: true } : false);

/** What a helmet middleware sets, run once on a stand-in response: its headers never depend on the request. */
function headersOf(middleware: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  } as unknown as ServerResponse;
  middleware({ headers: {} } as IncomingMessage, res, (err) => {
    if (err) throw err;
  });
  return headers;
}

/**
 * The headers of every response: helmet's hardening (nosniff, no framing, no referrer...), the
 * API's CSP, and no caching anywhere: letters, PDFs and people's data are personal, and a
 * shared proxy or the browser's disk must not keep them. A route may set its own afterwards.
 * Computed once: the same object is set on every response.
 */
export function securityHeaders(publicUrl: string): Record<string, string> {
  const hardening = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: hsts(publicUrl),
  });
  return { 'cache-control': 'no-store', ...headersOf(hardening) };
}

/** Replaces the API's CSP on Swagger UI's page and assets. */
export const apiDocsCsp = (): string => headersOf(helmet.contentSecurityPolicy({ useDefaults: false, directives: API_DOCS_CSP }))['content-security-policy'];
