import type { ActorClause } from '../../records/workflow-definition.types';
import { allowedActors, describeAllowed, describeClauses, matchActor } from './actor-matcher';
import { LetterFacts, SYSTEM_ACTOR, WorkflowActor } from '../../records/workflow-snapshot.types';

const facts: LetterFacts = { drafterPersonId: 'p.staf', positions: { addressee: 'kadis', dispositionRecipients: ['kabid.a', 'kabid.b'] } };

const actor = (parts: Partial<WorkflowActor>): WorkflowActor => ({ personId: 'p.x', roles: [], positionIds: [], delegations: [], ...parts });

/** Holds sekdis; Plh of kadis; Plt of kabid.b. */
const sekdis = actor({
  personId: 'p.sekdis',
  positionIds: ['sekdis'],
  delegations: [
    { positionId: 'kadis', kind: 'plh' },
    { positionId: 'kabid.b', kind: 'plt' },
  ],
});

describe('matchActor', () => {
  it('matches the drafter by person id', () => {
    expect(matchActor([{ kind: 'drafter' }], { actor: actor({ personId: 'p.staf' }), facts })).toEqual({ clause: 'drafter' });
    expect(matchActor([{ kind: 'drafter' }], { actor: actor({}), facts })).toBeUndefined();
  });

  it('matches a role', () => {
    expect(matchActor([{ kind: 'role', role: 'tu' }], { actor: actor({ roles: ['tu'] }), facts })).toEqual({ clause: 'role', role: 'tu' });
  });

  it('matches a fixed position through its holder, Plt or Plh', () => {
    const clause: ActorClause[] = [{ kind: 'position', positionId: 'kadis' }];
    expect(matchActor(clause, { actor: actor({ positionIds: ['kadis'] }), facts })).toEqual({ clause: 'position', positionId: 'kadis', capacity: 'holder' });
    expect(matchActor(clause, { actor: sekdis, facts })).toEqual({ clause: 'position', positionId: 'kadis', capacity: 'plh' });
  });

  it('matches positions the letter names, given as one id or a list', () => {
    expect(matchActor([{ kind: 'positionOf', fact: 'addressee' }], { actor: sekdis, facts })).toEqual({ clause: 'positionOf', positionId: 'kadis', capacity: 'plh' });
    expect(matchActor([{ kind: 'positionOf', fact: 'dispositionRecipients' }], { actor: sekdis, facts })).toEqual({
      clause: 'positionOf',
      positionId: 'kabid.b',
      capacity: 'plt',
    });
    expect(matchActor([{ kind: 'positionOf', fact: 'unknown' }], { actor: sekdis, facts })).toBeUndefined();
  });

  it('prefers a position held outright over acting as Plt, and Plt over Plh', () => {
    const input = { actor: sekdis, facts, stepPositionIds: ['kadis', 'kabid.b', 'sekdis'] };
    expect(matchActor([{ kind: 'stepAssignee' }], input)).toEqual({ clause: 'stepAssignee', positionId: 'sekdis', capacity: 'holder' });
    expect(matchActor([{ kind: 'stepAssignee' }], { ...input, stepPositionIds: ['kadis', 'kabid.b'] })).toMatchObject({ positionId: 'kabid.b', capacity: 'plt' });
  });

  it('acts for the position the actor chose, if they can act for it', () => {
    const input = { actor: sekdis, facts, stepPositionIds: ['kadis', 'sekdis'] };
    expect(matchActor([{ kind: 'stepAssignee' }], { ...input, asPositionId: 'kadis' })).toEqual({ clause: 'stepAssignee', positionId: 'kadis', capacity: 'plh' });
    expect(matchActor([{ kind: 'stepAssignee' }], { ...input, asPositionId: 'kabid.a' })).toBeUndefined();
  });

  it('keeps the system apart from people', () => {
    const clauses: ActorClause[] = [{ kind: 'drafter' }, { kind: 'system' }];
    expect(matchActor(clauses, { actor: SYSTEM_ACTOR, facts: { drafterPersonId: 'system' } })).toEqual({ clause: 'system' });
    expect(matchActor([{ kind: 'drafter' }], { actor: SYSTEM_ACTOR, facts: { drafterPersonId: 'system' } })).toBeUndefined();
    expect(matchActor([{ kind: 'system' }], { actor: actor({ personId: 'system' }), facts })).toBeUndefined();
  });

  it('returns the first clause that matches', () => {
    const both = actor({ personId: 'p.staf', roles: ['tu'] });
    expect(matchActor([{ kind: 'role', role: 'tu' }, { kind: 'drafter' }], { actor: both, facts })).toEqual({ clause: 'role', role: 'tu' });
  });
});

describe('describeClauses', () => {
  it('says who may act, in words', () => {
    const clauses: ActorClause[] = [{ kind: 'drafter' }, { kind: 'role', role: 'tu' }, { kind: 'positionOf', fact: 'addressee' }, { kind: 'stepAssignee' }];
    expect(describeClauses(clauses, { facts, stepPositionIds: ['kasi.a'] })).toBe(
      'the drafter, role tu, the addressee position (kadis) or an assignee of the current step (kasi.a)',
    );
    expect(describeClauses([{ kind: 'position', positionId: 'sekda' }], { facts })).toBe('position sekda (or its Plt/Plh)');
  });

  it('names positions as users know them when given their names', () => {
    const allowed = allowedActors([{ kind: 'stepAssignee' }, { kind: 'position', positionId: 'sekda' }], { facts, stepPositionIds: ['kasi.a'] });
    expect(allowed).toEqual([{ kind: 'stepAssignee', positionIds: ['kasi.a'] }, { kind: 'position', positionIds: ['sekda'] }]);
    const names: Record<string, string> = { 'kasi.a': 'Kepala Seksi Pengembangan Aplikasi', sekda: 'Sekretaris Daerah' };
    expect(describeAllowed(allowed, (id) => names[id])).toBe(
      'an assignee of the current step (Kepala Seksi Pengembangan Aplikasi) or position Sekretaris Daerah (or its Plt/Plh)',
    );
  });
});
