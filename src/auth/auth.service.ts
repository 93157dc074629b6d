import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { PersonEntity } from '../organization/person.entity';
import { AuthError, AuthErrorCode } from './auth.errors';
import { hashPassword, verifyPassword } from './passwords';
import { PersonPrincipal } from './principal';
import { PrincipalService } from './principal.service';

interface AccessTokenClaims {
  sub: string;
  ver: number;
  typ: 'access';
}

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: PersonPrincipal;
}

@Injectable()
export class AuthService implements OnModuleInit {
  /** Verified against when the username is unknown, so both failures take the same time. */
  private decoyHash = '';

  constructor(
    @InjectRepository(PersonEntity) private readonly people: Repository<PersonEntity>,
    private readonly principals: PrincipalService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.decoyHash = await hashPassword('decoy-password-that-matches-no-account');
  }

  async login(username: string, password: string): Promise<LoginResult> {
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
    const claims: AccessTokenClaims = { sub: person.id, ver: person.tokenVersion, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.JWT_TTL_SECONDS });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.JWT_TTL_SECONDS, user: loaded.principal };
  }

  /** Resolves a bearer token to the person it was issued to, refusing stale or tampered tokens. */
  async authenticateToken(token: string): Promise<PersonPrincipal> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw AuthError.tokenInvalid();
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') throw AuthError.tokenInvalid();
    const loaded = await this.principals.current(claims.sub);
    if (!loaded || !loaded.active || loaded.tokenVersion !== claims.ver) throw AuthError.tokenInvalid();
    return loaded.principal;
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
