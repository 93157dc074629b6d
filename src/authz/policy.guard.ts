import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CommonError } from '../common/errors/app-error';
import { AbilityFactory } from './ability.factory';
import { Policy, POLICY_KEY } from './policy.decorator';
import type { PrincipalRequest } from './principal-request';

/** Builds the caller's ability and runs the route's coarse @Can check. Runs after AuthGuard. */
@Injectable()
export class PolicyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly abilities: AbilityFactory,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<PrincipalRequest>();
    if (!req.principal) return true; // a @Public() route
    req.ability = this.abilities.forPrincipal(req.principal);
    const policy = this.reflector.getAllAndOverride<Policy>(POLICY_KEY, [context.getHandler(), context.getClass()]);
    if (policy && !req.ability.can(policy.action, policy.subject)) {
      throw CommonError.forbidden(`You may not ${policy.action} ${policy.subject}`);
    }
    return true;
  }
}
