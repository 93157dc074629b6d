import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { CookieOptions } from '../common/http/cookies';
import type { RedisClient } from '../queue/redis';
import { AppConfig } from '../config/app-config';
import { InjectRedis } from '../queue/redis-client.provider';

/** The browser's session cookie: an opaque id, never readable by scripts, never sent cross-site. */
export const SESSION_COOKIE = 'esurat_session';
/** The header a browser session must send on every request that changes something. */
export const CSRF_HEADER = 'x-csrf-token';

/** What the server keeps of one browser session; the cookie holds only the id. */
export interface BrowserSession {
  personId: string;
  /** The person's token version at login: a password change ends every session. */
  tokenVersion: number;
  csrfToken: string;
  createdAt: number;
}

const randomToken = () => randomBytes(32).toString('base64url');

/**
 * Browser sessions live in Redis, keyed by a hash of the cookie's id (a dump of Redis yields no
 * usable cookie). Each session expires after SESSION_IDLE_SECONDS without a request and, in any
 * case, SESSION_MAX_SECONDS after login; logging out deletes it on the server.
 */
@Injectable()
export class BrowserSessionService {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly config: AppConfig,
  ) {}

  async create(personId: string, tokenVersion: number): Promise<{ id: string; session: BrowserSession }> {
    const id = randomToken();
    const session: BrowserSession = { personId, tokenVersion, csrfToken: randomToken(), createdAt: Date.now() };
    await this.redis.set(this.key(id), JSON.stringify(session), 'EX', this.config.SESSION_IDLE_SECONDS);
    return { id, session };
  }

  /** The session behind a cookie's id, its idle timer renewed; null when unknown, expired or ended. */
  async touch(id: string | undefined): Promise<BrowserSession | null> {
    if (!id || id.length > 128) return null;
    const key = this.key(id);
    const raw = await this.redis.get(key);
    if (!raw) return null;
    const session = JSON.parse(raw) as BrowserSession;
    const left = this.config.SESSION_MAX_SECONDS - Math.floor((Date.now() - session.createdAt) / 1000);
    if (left <= 0) {
      await this.redis.del(key);
      return null;
    }
    await this.redis.expire(key, Math.min(this.config.SESSION_IDLE_SECONDS, left));
    return session;
  }

  async end(id: string | undefined): Promise<void> {
    if (id && id.length <= 128) await this.redis.del(this.key(id));
  }

  cookieOptions(): CookieOptions {
    return { httpOnly: true, sameSite: 'strict', secure: this.config.PUBLIC_URL.startsWith('https:'), path: '/' };
  }

  /** Compares in constant time; a missing header never matches. */
  static csrfMatches(session: BrowserSession, header: unknown): boolean {
    if (typeof header !== 'string' || header.length !== session.csrfToken.length) return false;
    return timingSafeEqual(Buffer.from(header), Buffer.from(session.csrfToken));
  }

  // Under the queue prefix: a deployment's (or a test run's) keys stay apart and are removed with it.
  private key(id: string): string {
    return `${this.config.QUEUE_PREFIX}:session:${createHash('sha256').update(id).digest('hex')}`;
  }
}
