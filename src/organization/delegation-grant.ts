import { formatWibPeriod } from '../common/time/indonesian-date';
import { PersonPrincipal } from '../records/principal';
import { DelegationEntity, DelegationKind } from '../records/delegation.entity';
import { OrganizationError, OrganizationErrorCode } from './organization.errors';
import { PersonEntity } from '../records/person.entity';
import { PositionEntity } from '../records/position.entity';

/** A delegation just written, with the records its notices name. */
export interface DelegationGrant {
  delegation: DelegationEntity;
  position: PositionEntity;
  delegate: PersonEntity;
  actor: PersonPrincipal;
}

/**
 * A grant of powers (a Plt/Plh, a holding, a new role) needs a second person: an admin who could
 * make himself Plh or holder would read every letter of the position, Sangat Rahasia included.
 */
export function refuseSelfAppointment(actor: PersonPrincipal, personId: string): void {
  if (actor.personId === personId) {
    throw OrganizationError.forbidden(OrganizationErrorCode.SELF_APPOINTMENT, 'Nobody may grant himself a position, a delegation or a role; another official or admin must', {
      personId,
    });
  }
}

/** The notice of a new Plt/Plh, in Bahasa Indonesia; notification.message is varchar(500). */
export function delegationNotice({ delegation, position, delegate, actor }: DelegationGrant): string {
  const kind = delegation.kind === DelegationKind.Plt ? 'Plt.' : 'Plh.';
  const period = formatWibPeriod(delegation.startsAt, delegation.endsAt);
  const reason = delegation.reason ? ` Dasar: ${delegation.reason.replace(/\.$/, '')}.` : '';
  return `${delegate.name} ditetapkan sebagai ${kind} ${position.name}, ${period}, oleh ${actor.name}.${reason}`.slice(0, 500);
}
