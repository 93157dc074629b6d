import { PersonPrincipal } from '../records/principal';
import { delegationNotice, DelegationGrant, refuseSelfAppointment } from './delegation-grant';
import { DelegationEntity, DelegationKind } from '../records/delegation.entity';
import { OrganizationError, OrganizationErrorCode } from './organization.errors';
import { PersonEntity } from '../records/person.entity';
import { PositionEntity } from '../records/position.entity';

const actor = { kind: 'person', personId: 'p-admin', name: 'Administrator Sistem', roles: [], positions: [], delegations: [] } as unknown as PersonPrincipal;

const grant = (delegation: Partial<DelegationEntity>): DelegationGrant => ({
  delegation: {
    kind: DelegationKind.Plh,
    startsAt: new Date('2026-12-03T01:00:00Z'),
    endsAt: new Date('2026-12-10T10:30:00Z'),
    reason: null,
    ...delegation,
  } as DelegationEntity,
  position: { name: 'Kepala Dinas Komunikasi dan Informatika' } as PositionEntity,
  delegate: { name: 'Dewi Kartikasari, S.Kom., M.T.' } as PersonEntity,
  actor,
});

describe('refuseSelfAppointment', () => {
  it('refuses a grant to the caller himself with a stable code and 403', () => {
    expect.assertions(3);
    try {
      refuseSelfAppointment(actor, 'p-admin');
    } catch (err) {
      expect(err).toBeInstanceOf(OrganizationError);
      expect((err as OrganizationError).code).toBe(OrganizationErrorCode.SELF_APPOINTMENT);
      expect((err as OrganizationError).status).toBe(403);
    }
  });

  it('lets a grant to someone else through', () => {
    expect(() => refuseSelfAppointment(actor, 'p-sekdis')).not.toThrow();
  });
});

describe('delegationNotice', () => {
  it('names the delegate, the kind, the position, the period in WIB and who appointed', () => {
    const notice = delegationNotice(grant({ reason: 'Surat Perintah 800/12/2026.' }));
    expect(notice).toBe(
      'Dewi Kartikasari, S.Kom., M.T. ditetapkan sebagai Plh. Kepala Dinas Komunikasi dan Informatika, ' +
        '3 Desember 2026 pukul 08.00 s.d. 10 Desember 2026 pukul 17.30 WIB, oleh Administrator Sistem. Dasar: Surat Perintah 800/12/2026.',
    );
  });

  it('says Plt for a vacant position and fits the 500 characters of a notification', () => {
    expect(delegationNotice(grant({ kind: DelegationKind.Plt }))).toMatch(/sebagai Plt\. Kepala Dinas/);
    expect(delegationNotice(grant({ reason: 'x'.repeat(300) }))).toHaveLength(
      Math.min(500, delegationNotice(grant({})).length + ' Dasar: .'.length + 300),
    );
  });
});
