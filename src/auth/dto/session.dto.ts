import { DelegationKind } from '../../records/delegation.entity';
import { Role } from '../../records/person.entity';
import type { ActiveDelegation, HeldPosition, PersonPrincipal } from '../../records/principal';

/** A position the person holds. */
export class HeldPositionDto implements HeldPosition {
  positionId: string;
  /** The jabatan, e.g. `Kepala Dinas Komunikasi dan Informatika`. */
  positionName: string;
  unitId: string;
}

/** A position the person acts in for now, as Plt or Plh. */
export class ActiveDelegationDto extends HeldPositionDto implements ActiveDelegation {
  delegationId: string;
  kind: DelegationKind;
  endsAt: Date;
}

/** The person logged in: who they are, their roles, positions and delegations in force. */
export class PersonPrincipalDto implements PersonPrincipal {
  kind: 'person';
  personId: string;
  username: string;
  name: string;
  roles: Role[];
  positions: HeldPositionDto[];
  delegations: ActiveDelegationDto[];
}

/** A browser session: who is logged in and the token that guards its writes against CSRF. */
export class BrowserSessionView {
  user: PersonPrincipalDto;
  /** Send it back in the `X-CSRF-Token` header on every POST, PUT, PATCH and DELETE. */
  csrfToken: string;
  /** The session ends after this many seconds without a request. */
  idleSeconds: number;
}
