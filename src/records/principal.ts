import { DelegationKind } from './delegation.entity';
import { Role } from './person.entity';

export interface HeldPosition {
  positionId: string;
  positionName: string;
  unitId: string;
}

export interface ActiveDelegation extends HeldPosition {
  delegationId: string;
  kind: DelegationKind;
  endsAt: Date;
}

/** A person logged in with a token. */
export interface PersonPrincipal {
  kind: 'person';
  personId: string;
  username: string;
  name: string;
  roles: Role[];
  positions: HeldPosition[];
  delegations: ActiveDelegation[];
}

/** Another SIM application calling with an API key. */
export interface ModulePrincipal {
  kind: 'module';
  moduleId: string;
  moduleName: string;
  keyId: string;
  scopes: string[];
}

export type Principal = PersonPrincipal | ModulePrincipal;

/** Every position the person may act as now: held ones and those delegated to them. */
export function actingPositionIds(p: PersonPrincipal): string[] {
  return [...new Set([...p.positions.map((x) => x.positionId), ...p.delegations.map((x) => x.positionId)])];
}
