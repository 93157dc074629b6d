import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { PersonEntity } from '../records/person.entity';
import { AuthError, AuthErrorCode } from './auth.errors';
import { BrowserSession, BrowserSessionService } from './browser-session.service';
import { LoginClient, LoginThrottleService } from './login-throttle.service';
import { hashPassword, verifyPassword } from './passwords';
import { PersonPrincipal } from '../records/principal';
import { PrincipalService } from './principal.service';

interface AccessTokenClaims {
  sub: string;
  ver: number;
  typ: 'access';
  /** Set by the signer (jsonwebtoken) from `expiresIn`. */
  iat?: number;
  exp?: number;
}

/** A browser an account has logged in on; `sub` is the username in lower case. */
interface DeviceTokenClaims {
  sub: string;
  jti: string;
  typ: 'device';
}

/** How long a verified token's claims are reused before its signature is checked again. */
const VERIFIED_TOKEN_CACHE_MS = 60_000;

/** How long a browser stays known to the account it logged in with. */
export const DEVICE_TOKEN_TTL_SECONDS = 180 * 24 * 3600;

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: PersonPrincipal;
}

export interface LoginRequest {
  username: string;
  password: string;
  address: string;
  /** The device cookie the client sent, if any. */
  deviceToken?: string;
}

@Injectable()
export class AuthService implements OnModuleInit {
  /** Verified against when the username is unknown, so both failures take the same time. */
  private decoyHash = '';
  /**
   * Access tokens whose signature and shape were checked, by the token itself: a script sends the
   * same token with every request. Only the token's bytes find an entry; expiry is checked on every
   * use, and revocation (a password change, a deactivated account) is the principal's, checked after.
   */
  private readonly verified = new Map<string, { claims: AccessTokenClaims & { exp: number }; until: number }>();

  constructor(
    @InjectRepository(PersonEntity) private readonly people: Repository<PersonEntity>,
    private readonly principals: PrincipalService,
    private readonly throttle: LoginThrottleService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly sessions: BrowserSessionService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.decoyHash = await hashPassword('decoy-password-that-matches-no-account');
  }

  /** Logs a person in for a bearer token (scripts and other clients), within the failed-login limits. */
  async login(request: LoginRequest): Promise<{ result: LoginResult; deviceToken: string }> {
    const { person, principal, deviceToken } = await this.checkCredentials(request);
    const claims: AccessTokenClaims = { sub: person.id, ver: person.tokenVersion, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.JWT_TTL_SECONDS });
    return { result: { accessToken, tokenType: 'Bearer', expiresIn: this.config.JWT_TTL_SECONDS, user: principal }, deviceToken };
  }

  /** Logs a person in as `login` does, but for a browser: a server-side session instead of a token. */
  async startSession(request: LoginRequest): Promise<{ sessionId: string; csrfToken: string; user: PersonPrincipal; deviceToken: string }> {
    const { person, principal, deviceToken } = await this.checkCredentials(request);
    const { id, session } = await this.sessions.create(person.id, person.tokenVersion);
    return { sessionId: id, csrfToken: session.csrfToken, user: principal, deviceToken };
  }

  /** The person behind a browser session's cookie, or null when the session is unknown, expired or stale. */
  async authenticateSession(sessionId: string | undefined): Promise<{ principal: PersonPrincipal; session: BrowserSession } | null> {
    const session = await this.sessions.touch(sessionId);
    if (!session) return null;
    const loaded = await this.principals.current(session.personId);
    if (!loaded || !loaded.active || loaded.tokenVersion !== session.tokenVersion) {
      await this.sessions.end(sessionId);
      return null;
    }
    return { principal: loaded.principal, session };
  }

  async endSession(sessionId: string | undefined, personId: string): Promise<void> {
    await this.sessions.end(sessionId);
    await this.audit.record(this.people.manager, { action: AuditAction.Logout, actor: { type: 'person', id: personId } });
  }

  /**
   * Checks a username and password within the failed-login limits; on success also returns a
   * fresh device token, which keeps this browser out of the limits others can exhaust for the account.
   */
  private async checkCredentials(request: LoginRequest): Promise<{ person: PersonEntity; principal: PersonPrincipal; deviceToken: string }> {
    const { username, password } = request;
    const client: LoginClient = { address: request.address, trustedDeviceId: await this.trustedDeviceId(request.deviceToken, username) };
    const attempt = await this.throttle.charge(username, client);
    const person = await this.people
      .createQueryBuilder('p')
      .addSelect('p.passwordHash')
      .where('lower(p.username) = lower(:username)', { username })
      .getOne();
    const ok = await verifyPassword(person?.passwordHash ?? this.decoyHash, password);
    const loaded = person && ok && person.active ? await this.principals.loadPerson(person.id) : undefined;
    if (!person || !loaded) {
      // An unknown username is not recorded: it may be a password typed in the wrong field.
      await this.audit.record(this.people.manager, {
        action: AuditAction.LoginFailed,
        actor: person ? { type: 'person', id: person.id } : { type: 'anonymous', id: null },
        details: { reason: !person ? 'unknown_user' : !ok ? 'wrong_password' : 'inactive' },
      });
      throw AuthError.invalidCredentials();
    }
    await this.audit.record(this.people.manager, { action: AuditAction.Login, actor: { type: 'person', id: person.id } });
    await this.throttle.refund(attempt);
    const device: DeviceTokenClaims = { sub: username.toLowerCase(), jti: randomUUID(), typ: 'device' };
    const deviceToken = await this.jwt.signAsync(device, { expiresIn: DEVICE_TOKEN_TTL_SECONDS });
    return { person, principal: loaded.principal, deviceToken };
  }

  /** The id of a device token that this server signed for this username; anything else is ignored. */
  private async trustedDeviceId(token: string | undefined, username: string): Promise<string | undefined> {
    if (!token) return undefined;
    try {
      const claims = await this.jwt.verifyAsync<DeviceTokenClaims>(token, { algorithms: ['HS256'] });
      return claims.typ === 'device' && claims.sub === username.toLowerCase() && typeof claims.jti === 'string' ? claims.jti : undefined;
    } catch {
      return undefined;
    }
  }

  /** Resolves a bearer token to the person it was issued to, refusing stale or tampered tokens. */
  async authenticateToken(token: string): Promise<PersonPrincipal> {
    const claims = await this.verifyAccessToken(token);
    const loaded = await this.principals.current(claims.sub);
    if (!loaded || !loaded.active || loaded.tokenVersion !== claims.ver) throw AuthError.tokenInvalid();
    return loaded.principal;
  }

  private async verifyAccessToken(token: string): Promise<AccessTokenClaims & { exp: number }> {
    const now = Date.now();
    const hit = this.verified.get(token);
    // As jsonwebtoken decides it: expired from the second `exp` names.
    if (hit && hit.until > now && Math.floor(now / 1000) < hit.claims.exp) return hit.claims;
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      this.verified.delete(token);
      throw AuthError.tokenInvalid();
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') throw AuthError.tokenInvalid();
    // jsonwebtoken accepts a token without `exp` as valid for ever; ours always carry one, no
    // longer than the configured lifetime, so anything else was not issued by login.
    if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number' || claims.exp - claims.iat > this.config.JWT_TTL_SECONDS) {
      throw AuthError.tokenInvalid();
    }
    const checked = claims as AccessTokenClaims & { exp: number };
    // A token with a not-before is checked every time; login never sets one.
    if (!('nbf' in claims)) {
      this.verified.set(token, { claims: checked, until: now + VERIFIED_TOKEN_CACHE_MS });
      if (this.verified.size > 10_000) this.verified.delete(this.verified.keys().next().value as string);
    }
    return checked;
  }

  async changePassword(personId: string, currentPassword: string, newPassword: string): Promise<void> {
    const person = await this.people.createQueryBuilder('p').addSelect('p.passwordHash').where('p.id = :personId', { personId }).getOne();
    if (!person || !(await verifyPassword(person.passwordHash, currentPassword))) {
      throw new AuthError(AuthErrorCode.WRONG_PASSWORD, 'The current password is wrong', HttpStatus.UNPROCESSABLE_ENTITY);
    }
    await this.people.update(person.id, {
      passwordHash: await hashPassword(newPassword),
      demoPassword: false,
      tokenVersion: () => 'token_version + 1',
    } as object);
    this.principals.invalidate(person.id);
  }
}
