import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CommonError } from '../common/errors/app-error';
import { ApiKeysService } from './api-keys.service';
import { AuthenticatedRequest, CALLERS_KEY, CallerKind, PUBLIC_KEY, SCOPES_KEY } from './auth.decorators';
import { AuthError } from './auth.errors';
import { AuthService } from './auth.service';
import { BrowserSessionService, CSRF_HEADER, SESSION_COOKIE } from './browser-session.service';
import { readCookie } from './device-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates every request unless the route is @Public(): a bearer token (people's scripts),
 * X-Api-Key (modules), or the web UI's session cookie with its CSRF token on writes.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();

    const authorization = req.headers.authorization;
    const apiKey = req.headers['x-api-key'];
    if (typeof authorization === 'string' && authorization.length > 0) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) throw AuthError.tokenInvalid();
      req.principal = await this.auth.authenticateToken(match[1]);
    } else if (typeof apiKey === 'string' && apiKey.length > 0) {
      req.principal = await this.apiKeys.authenticate(apiKey);
    } else {
      const sessionId = readCookie(req.headers.cookie, SESSION_COOKIE);
      if (!sessionId) throw CommonError.unauthenticated('Send a bearer token or an X-Api-Key header, or log in for a browser session');
      const found = await this.auth.authenticateSession(sessionId);
      if (!found) throw AuthError.sessionExpired();
      // SameSite=Strict already keeps other sites' requests cookie-less; the token is the second lock.
      if (!SAFE_METHODS.has(req.method) && !BrowserSessionService.csrfMatches(found.session, req.headers[CSRF_HEADER])) {
        throw AuthError.csrfTokenInvalid();
      }
      req.principal = found.principal;
      req.browserSession = found.session;
    }

    const callers = this.reflector.getAllAndOverride<CallerKind[]>(CALLERS_KEY, targets) ?? ['person'];
    if (!callers.includes(req.principal.kind)) {
      throw CommonError.forbidden(req.principal.kind === 'module' ? 'Modules may not call this route' : 'This route is for modules');
    }
    if (req.principal.kind === 'module') {
      const scopes = this.reflector.getAllAndOverride<string[]>(SCOPES_KEY, targets) ?? [];
      const missing = scopes.find((s) => !(req.principal as { scopes: string[] }).scopes.includes(s));
      if (missing) throw AuthError.insufficientScope(missing);
    }
    return true;
  }
}
