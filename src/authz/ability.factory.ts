import { AbilityBuilder, createMongoAbility, MongoAbility, MongoQuery, Subject, subject as caslSubject } from '@casl/ability';
import { Injectable } from '@nestjs/common';
import { actingPositionIds, Principal } from '../auth/principal';
import { CommonError } from '../common/errors/app-error';
import { registrarUnitIds } from '../letters/letter-access';
import { CONFIDENTIAL_SIFAT, LetterKind } from '../letters/letter.entity';
import { Role } from '../organization/person.entity';

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
  | 'all';

// Subjects are named by string; objects are tagged with `subject()` before a check.
export type AppAbility = MongoAbility<[Action, Subject], MongoQuery>;

/** Wraps a loaded object so CASL checks the rules with conditions against it. */
export const subject = <T extends object>(type: Exclude<SubjectName, 'all'>, object: T) => caslSubject(type, object as T & Record<string, unknown>);

/**
 * Abilities of a caller, from their roles, the positions they hold and the positions
 * delegated to them now (Plt/Plh). Coarse checks run in the guard; services check the
 * loaded object against the same ability.
 */
@Injectable()
export class AbilityFactory {
  forPrincipal(principal: Principal): AppAbility {
    const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);

    if (principal.kind === 'module') {
      if (principal.scopes.includes('approvals:write')) can(['create', 'update'], 'Approval', { moduleId: principal.moduleId });
      if (principal.scopes.includes('approvals:read')) can('read', 'Approval', { moduleId: principal.moduleId });
      return build();
    }

    const held = principal.positions.map((p) => p.positionId);
    const acting = actingPositionIds(principal);

    // Letters: the drafter, the positions taking part (as holder, Plt or Plh), and archivists
    // for letters that are not confidential. Admins run the system, they do not read its mail.
    // letters/letter-access.ts holds the same rule in SQL for lists and counts.
    can('read', 'Letter', { drafterPersonId: principal.personId });
    can('read', 'Letter', { participantPositionIds: { $in: acting } });
    if (principal.roles.includes(Role.Archivist)) can('read', 'Letter', { sifat: { $nin: [...CONFIDENTIAL_SIFAT] } });
    // TU sends and files the numbered outgoing letters of its unit (and the units below it), as
    // its agenda book lists them; Rahasia ones stay with the people on them. `unitPath` (the
    // letter's unit and its ancestors) is read by loadVisible only for rules that name it.
    const registrarUnits = registrarUnitIds(principal);
    if (registrarUnits.length > 0) {
      can('read', 'Letter', { kind: LetterKind.Outgoing, number: { $ne: null }, sifat: { $nin: [...CONFIDENTIAL_SIFAT] }, unitPath: { $in: registrarUnits } });
    }
    if (principal.roles.includes(Role.Staff) || principal.roles.includes(Role.Official)) can('create', 'Letter');

    if (principal.roles.includes(Role.Admin) || principal.roles.includes(Role.Auditor)) can('read', 'AuditEntry');
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
