import type { CookieOptions } from '../common/http/cookies';
import { AppConfig } from '../config/app-config';
import { DEVICE_TOKEN_TTL_SECONDS } from './auth.service';

/** The cookie that tells the login limits a browser the account has logged in on before. */
export const DEVICE_COOKIE = 'esurat_device';

/** Sent only to the login route, never readable by scripts, never sent by another site's request. */
export function deviceCookieOptions(config: AppConfig): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.PUBLIC_URL.startsWith('https:'),
    path: '/api/v1/auth',
    maxAge: DEVICE_TOKEN_TTL_SECONDS * 1000,
  };
}

/** The value of one cookie of a `Cookie` header (RFC 6265 §5.4), without a cookie parser for the whole app. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}
