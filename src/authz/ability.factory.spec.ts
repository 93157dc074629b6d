import { PersonPrincipal } from '../records/principal';
import { Role } from '../records/person.entity';
import { AbilityFactory, principalOf } from './ability.factory';

const staff = (roles: Role[]): PersonPrincipal => ({ kind: 'person', personId: 'p-1', username: 'staf.kominfo', name: 'Staf', roles, positions: [], delegations: [] });

describe('AbilityFactory', () => {
  it('builds one ability per principal object: the requests of one cached principal share it', () => {
    const abilities = new AbilityFactory();
    const principal = staff([Role.Staff]);
    const ability = abilities.forPrincipal(principal);
    expect(abilities.forPrincipal(principal)).toBe(ability);
    expect(principalOf(ability)).toBe(principal);
  });

  it('builds a new ability for a reloaded principal, with its new roles', () => {
    const abilities = new AbilityFactory();
    const before = abilities.forPrincipal(staff([Role.Staff]));
    const after = abilities.forPrincipal(staff([Role.Admin]));
    expect(after).not.toBe(before);
    expect([before.can('manage', 'Unit'), after.can('manage', 'Unit')]).toEqual([false, true]);
  });
});
