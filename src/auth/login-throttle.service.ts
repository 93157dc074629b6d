import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { RedisClient } from '../queue/redis';
import { isIPv6 } from 'node:net';
import { CommonErrorCode } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { InjectRedis } from '../queue/redis-client.provider';
import { AuthError, AuthErrorCode } from './auth.errors';

/** What a login attempt is counted against. */
export enum LoginLimitScope {
  /** The client address, whatever the username. */
  ADDRESS = 'address',
  /** The account, from clients it has not logged in on before. */
  ACCOUNT = 'account',
  /** One browser the account has logged in on (its device cookie). */
  DEVICE = 'device',
}

export interface LoginClient {
  address: string;
  /** The id of a device cookie that is valid for the username tried, if the client sent one. */
  trustedDeviceId?: string;
}

/** The counters one attempt was charged to, refunded when it succeeds. */
export interface LoginAttempt {
  keys: string[];
}

/**
 * Checks every counter against its limit and, only when none is at it, charges the attempt to
 * all of them, in one step: parallel attempts cannot slip past the limit together.
 * Returns [0] when charged, or [1 + index of the first full counter, ms until it empties].
 */
const CHARGE = `
local window = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i + 1]) then
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then
      redis.call('PEXPIRE', key, window)
      ttl = window
    end
    return {i, ttl}
  end
end
for _, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, window) end
end
return {0}
`;

const REFUND = `
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
end
return 0
`;

/**
 * The key of a client address: an IPv6 client holds a whole /64, so it is counted as one; an
 * IPv4-mapped IPv6 address is its IPv4 address.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head, tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * Failed logins, counted in Redis so that every API process shares the count, within
 * LOGIN_RATE_WINDOW_SECONDS:
 * - per client address (LOGIN_ADDRESS_RATE_LIMIT), so one client cannot try many usernames;
 * - per account (LOGIN_RATE_LIMIT), so a guesser spread over many addresses is slowed down too;
 * - a browser the account has logged in on before is counted on its own (LOGIN_RATE_LIMIT) and
 *   is exempt from the two above, so whoever attacks an account or shares an office's address
 *   with an attacker cannot lock the owner out of their own browser (device cookies, as in
 *   OWASP's guidance on account lockout).
 * An attempt is charged before the password is checked and refunded when it succeeds: only
 * failures count, so an office behind one NAT address can log in all at once.
 */
@Injectable()
export class LoginThrottleService {
  private readonly logger = new Logger('LoginThrottle');

  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly config: AppConfig,
  ) {}

  /** Charges the attempt, or refuses it with 429 RATE_LIMITED and the seconds to wait. */
  async charge(username: string, client: LoginClient): Promise<LoginAttempt> {
    const counters: [LoginLimitScope, string, number][] = client.trustedDeviceId
      ? [[LoginLimitScope.DEVICE, client.trustedDeviceId, this.config.LOGIN_RATE_LIMIT]]
      : [
          [LoginLimitScope.ADDRESS, addressKey(client.address), this.config.LOGIN_ADDRESS_RATE_LIMIT],
          [LoginLimitScope.ACCOUNT, username.toLowerCase(), this.config.LOGIN_RATE_LIMIT],
        ];
    const keys = counters.map(([scope, id]) => this.key(scope, id));
    const reply = (await this.run(() =>
      this.redis.eval(CHARGE, keys.length, ...keys, this.config.LOGIN_RATE_WINDOW_SECONDS * 1000, ...counters.map(([, , limit]) => limit)),
    )) as number[];
    if (reply[0] === 0) return { keys };
    const scope = counters[reply[0] - 1][0];
    const retryAfterSeconds = Math.max(1, Math.ceil(reply[1] / 1000));
    throw new AuthError(CommonErrorCode.RATE_LIMITED, `Too many failed logins ${whereCounted(scope)}; try again in ${retryAfterSeconds} s`, HttpStatus.TOO_MANY_REQUESTS, {
      scope,
      retryAfterSeconds,
    });
  }

  /** A successful login is not a failure: its charge is given back. */
  async refund(attempt: LoginAttempt): Promise<void> {
    await this.run(() => this.redis.eval(REFUND, attempt.keys.length, ...attempt.keys));
  }

  // Under the queue prefix: a deployment's (or a test run's) keys stay apart and are removed with it.
  private key(scope: LoginLimitScope, id: string): string {
    return `${this.config.QUEUE_PREFIX}:login:${scope}:${id}`;
  }

  /** Without its counters, login would be open to unlimited guessing: it is refused instead. */
  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (err) {
      this.logger.warn(`Login refused: the attempt counters in Redis cannot be reached (${(err as Error).message})`);
      throw new AuthError(AuthErrorCode.LOGIN_UNAVAILABLE, 'Login is unavailable for a moment; try again shortly', HttpStatus.SERVICE_UNAVAILABLE, { retryAfterSeconds: 5 });
    }
  }
}

function whereCounted(scope: LoginLimitScope): string {
  switch (scope) {
    case LoginLimitScope.ADDRESS:
      return 'from this address';
    case LoginLimitScope.ACCOUNT:
      return 'for this account';
    case LoginLimitScope.DEVICE:
      return 'from this browser';
  }
}
