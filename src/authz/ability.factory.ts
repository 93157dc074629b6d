import { AbilityBuilder, createMongoAbility, MongoAbility, MongoQuery, Subject, subject as caslSubject } from '@casl/ability';
import { Injectable } from '@nestjs/common';
import { actingPositionIds, Principal } from '../records/principal';
import { CommonError } from '../common/errors/app-error';
import { Role } from '../records/person.entity';

export type Action = 'manage' | 'create' | 'read' | 'update' | 'delete' | 'revoke';
export type SubjectName =
  | 'Unit'
  | 'Position'
  | 'Person'
  | 'PersonPrivate'
  | 'Delegation'
  | 'ModuleClient'
  | 'ApiKey'
  | 'Letter'
  | 'Approval'
  | 'AuditEntry'
  | 'Dashboard'
  | 'all';

// Subjects are named by string; objects are tagged with `subject()` before a check.
export type AppAbility = MongoAbility<[Action, Subject], MongoQuery>;

/** Wraps a loaded object so CASL checks the rules with conditions against it. */
export const subject = <T extends object>(type: Exclude<SubjectName, 'all'>, object: T) => caslSubject(type, object as T & Record<string, unknown>);

const principals = new WeakMap<AppAbility, Principal>();

/** The caller an ability was built for (AbilityFactory.forPrincipal), for the rules that are SQL (letters/access). */
export function principalOf(ability: AppAbility): Principal | undefined {
  return principals.get(ability);
}

/**
 * Abilities of a caller, from their roles, the positions they hold and the positions
 * delegated to them now (Plt/Plh). Coarse checks run in the guard; services check the
 * loaded object against the same ability.
 */
@Injectable()
export class AbilityFactory {
  /**
   * By principal object: the auth caches hand the same object to a caller's requests for a few
   * seconds, and a changed role, position or delegation comes as a new object.
   */
  private readonly built = new WeakMap<Principal, AppAbility>();

  forPrincipal(principal: Principal): AppAbility {
    let ability = this.built.get(principal);
    if (!ability) {
      ability = this.build(principal);
      principals.set(ability, principal);
      this.built.set(principal, ability);
    }
    return ability;
  }

  private build(principal: Principal): AppAbility {
    const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);

    if (principal.kind === 'module') {
      if (principal.scopes.includes('approvals:write')) can(['create', 'update'], 'Approval', { moduleId: principal.moduleId });
      if (principal.scopes.includes('approvals:read')) can('read', 'Approval', { moduleId: principal.moduleId });
      return build();
    }

    const held = principal.positions.map((p) => p.positionId);
    const acting = actingPositionIds(principal);

    // Who may read a letter is not decided here: the one rule is SQL in
    // letters/access/letter-access.repository.ts, for lists, the letter itself and search.
    if (principal.roles.includes(Role.Staff) || principal.roles.includes(Role.Official)) can('create', 'Letter');

    if (principal.roles.includes(Role.Admin) || principal.roles.includes(Role.Auditor)) can('read', 'AuditEntry');
    // Officials who head no unit are refused by the dashboard itself (dashboard.service.ts): heading is a position fact.
    if (principal.roles.includes(Role.Admin) || principal.roles.includes(Role.Official)) can('read', 'Dashboard');
    if (principal.roles.includes(Role.Admin)) {
      can('manage', ['Unit', 'Position', 'Person', 'PersonPrivate', 'Delegation', 'ModuleClient', 'ApiKey']);
      return build();
    }

    can('read', ['Unit', 'Position', 'Person']);
    can('read', 'PersonPrivate', { id: principal.personId });
    can('read', 'Delegation', { personId: principal.personId });
    can('read', 'Delegation', { positionId: { $in: acting } });
    if (principal.roles.includes(Role.Official)) {
      // An official appoints a Plh for the position they hold definitively, not one they only act for.
      can(['create', 'revoke'], 'Delegation', { positionId: { $in: held } });
    }
    return build();
  }
}

/** Throws 403 unless the ability allows the action on this object. */
export function assertCan(ability: AppAbility, action: Action, target: Parameters<AppAbility['can']>[1], message?: string): void {
  if (!ability.can(action, target)) throw CommonError.forbidden(message);
}
