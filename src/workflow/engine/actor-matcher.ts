import type { ActorClause } from '../../records/workflow-definition.types';
import type { ActedAs, LetterFacts, PositionCapacity, WorkflowActor } from '../../records/workflow-snapshot.types';

export interface ActorMatchInput {
  actor: WorkflowActor;
  facts: LetterFacts;
  /** Pending positions of the current route step; undefined outside route states. */
  stepPositionIds?: string[];
  /** The position the actor chose to act as, when they could act for several. */
  asPositionId?: string;
}

/** A definitive holder acts before a Plt, and a Plt before a Plh. */
const CAPACITY_ORDER: PositionCapacity[] = ['holder', 'plt', 'plh'];

function capacityFor(actor: WorkflowActor, positionId: string): PositionCapacity | undefined {
  if (actor.positionIds.includes(positionId)) return 'holder';
  const delegations = actor.delegations.filter((delegation) => delegation.positionId === positionId);
  return CAPACITY_ORDER.find((capacity) => delegations.some((delegation) => delegation.kind === capacity));
}

function matchPositions(
  clause: ActorClause['kind'],
  candidates: string[],
  input: ActorMatchInput,
): ActedAs | undefined {
  const options = candidates
    .filter((positionId) => input.asPositionId === undefined || positionId === input.asPositionId)
    .flatMap((positionId) => {
      const capacity = capacityFor(input.actor, positionId);
      return capacity ? [{ clause, positionId, capacity }] : [];
    });
  options.sort((a, b) => CAPACITY_ORDER.indexOf(a.capacity) - CAPACITY_ORDER.indexOf(b.capacity));
  return options[0];
}

const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function matchClause(clause: ActorClause, input: ActorMatchInput): ActedAs | undefined {
  const { actor, facts } = input;
  if (clause.kind === 'system') return actor.system ? { clause: 'system' } : undefined;
  // The system actor stands for timers, never for a person, role or position.
  if (actor.system) return undefined;
  switch (clause.kind) {
    case 'drafter':
      return actor.personId === facts.drafterPersonId ? { clause: 'drafter' } : undefined;
    case 'role':
      return actor.roles.includes(clause.role) ? { clause: 'role', role: clause.role } : undefined;
    case 'position':
      return matchPositions('position', [clause.positionId], input);
    case 'positionOf':
      return matchPositions('positionOf', asList(facts.positions?.[clause.fact]), input);
    case 'stepAssignee':
      return matchPositions('stepAssignee', input.stepPositionIds ?? [], input);
  }
}

/** The first clause of `by` that lets the actor fire the event, or undefined. */
export function matchActor(clauses: ActorClause[], input: ActorMatchInput): ActedAs | undefined {
  for (const clause of clauses) {
    const match = matchClause(clause, input);
    if (match) return match;
  }
  return undefined;
}

/** "the drafter, role tu or an assignee of the current step (kabid.tik)" */
/** Who may fire an event, as data: what a refusal reports, and what its message is worded from. */
export type AllowedActor =
  | { kind: 'drafter' }
  | { kind: 'system' }
  | { kind: 'role'; role: string }
  | { kind: 'position'; positionIds: string[] }
  | { kind: 'positionOf'; fact: string; positionIds: string[] }
  | { kind: 'stepAssignee'; positionIds: string[] };

export function allowedActors(clauses: ActorClause[], input: Pick<ActorMatchInput, 'facts' | 'stepPositionIds'>): AllowedActor[] {
  return clauses.map((clause): AllowedActor => {
    switch (clause.kind) {
      case 'drafter':
      case 'system':
        return { kind: clause.kind };
      case 'role':
        return { kind: 'role', role: clause.role };
      case 'position':
        return { kind: 'position', positionIds: [clause.positionId] };
      case 'positionOf':
        return { kind: 'positionOf', fact: clause.fact, positionIds: asList(input.facts.positions?.[clause.fact]) };
      case 'stepAssignee':
        return { kind: 'stepAssignee', positionIds: input.stepPositionIds ?? [] };
    }
  });
}

/** Says who may act, naming positions by `positionName` (their ids when left out). */
export function describeAllowed(allowed: AllowedActor[], positionName: (id: string) => string = (id) => id): string {
  const names = (ids: string[]) => ids.map(positionName).join(', ');
  const parts = allowed.map((a) => {
    switch (a.kind) {
      case 'drafter':
        return 'the drafter';
      case 'system':
        return 'the system';
      case 'role':
        return `role ${a.role}`;
      case 'position':
        return `position ${names(a.positionIds)} (or its Plt/Plh)`;
      case 'positionOf':
        return `the ${a.fact} position (${names(a.positionIds) || 'none set'})`;
      case 'stepAssignee':
        return `an assignee of the current step (${names(a.positionIds) || 'none pending'})`;
    }
  });
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

export function describeClauses(clauses: ActorClause[], input: Pick<ActorMatchInput, 'facts' | 'stepPositionIds'>): string {
  return describeAllowed(allowedActors(clauses, input));
}
