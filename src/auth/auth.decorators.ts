import type { BrowserSession } from './browser-session.service';
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { AppAbility } from '../authz/ability.factory';
import { CommonError } from '../common/errors/app-error';
import type { ModulePrincipal, PersonPrincipal, Principal } from '../records/principal';

export const PUBLIC_KEY = 'esurat:public';
export const CALLERS_KEY = 'esurat:callers';
export const SCOPES_KEY = 'esurat:scopes';

export type CallerKind = 'person' | 'module';

/** No authentication: health, login, public verification. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Who may call a route; people only unless said otherwise. */
export const Callers = (...kinds: CallerKind[]) => SetMetadata(CALLERS_KEY, kinds);

/** Scopes an API key must carry for a route that modules may call. */
export const Scopes = (...scopes: string[]) => SetMetadata(SCOPES_KEY, scopes);

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
  ability?: AppAbility;
  /** Set when the caller is a browser authenticated by its session cookie. */
  browserSession?: BrowserSession;
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.principal) throw CommonError.unauthenticated();
  return req.principal;
});

export const CurrentPerson = createParamDecorator((_: unknown, ctx: ExecutionContext): PersonPrincipal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw CommonError.unauthenticated();
  if (principal.kind !== 'person') throw CommonError.forbidden('This route is for people, not modules');
  return principal;
});

export const CurrentModule = createParamDecorator((_: unknown, ctx: ExecutionContext): ModulePrincipal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw CommonError.unauthenticated();
  if (principal.kind !== 'module') throw CommonError.forbidden('This route is for modules');
  return principal;
});

export const CurrentAbility = createParamDecorator((_: unknown, ctx: ExecutionContext): AppAbility => {
  const ability = ctx.switchToHttp().getRequest<AuthenticatedRequest>().ability;
  if (!ability) throw CommonError.unauthenticated();
  return ability;
});
