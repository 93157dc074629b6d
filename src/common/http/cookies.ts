import { fastifyCookie } from '@fastify/cookie';
import type { FastifyReply } from 'fastify';

const serialize = fastifyCookie.serialize;

/** A cookie's attributes; `maxAge` in milliseconds, as Express's `res.cookie` took it. */
export interface CookieOptions {
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'strict' | 'lax' | 'none';
  path?: string;
  maxAge?: number;
}

/** Adds a Set-Cookie header, as Express wrote it: `Max-Age` in seconds and `Expires` beside it. */
export function setCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  const { maxAge, ...rest } = options;
  const timed = maxAge !== undefined ? { maxAge: Math.floor(maxAge / 1000), expires: new Date(Date.now() + maxAge) } : {};
  reply.header('Set-Cookie', serialize(name, value, { path: '/', ...rest, ...timed }));
}

/** Tells the browser to drop a cookie (the same name and path, expired), as Express's `res.clearCookie`. */
export function clearCookie(reply: FastifyReply, name: string, options: CookieOptions): void {
  const { maxAge: _ignored, ...rest } = options;
  reply.header('Set-Cookie', serialize(name, '', { path: '/', ...rest, expires: new Date(0) }));
}
