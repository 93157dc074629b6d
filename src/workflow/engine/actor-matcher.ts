import type { ActorClause } from '../definition/workflow-definition.types';
import type { ActedAs, LetterFacts, PositionCapacity, WorkflowActor } from './workflow-snapshot.types';

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
export function describeClauses(clauses: ActorClause[], input: Pick<ActorMatchInput, 'facts' | 'stepPositionIds'>): string {
  const parts = clauses.map((clause) => {
    switch (clause.kind) {
      case 'drafter':
        return 'the drafter';
      case 'system':
        return 'the system';
      case 'role':
        return `role ${clause.role}`;
      case 'position':
        return `position ${clause.positionId} (or its Plt/Plh)`;
      case 'positionOf':
        return `the ${clause.fact} position (${asList(input.facts.positions?.[clause.fact]).join(', ') || 'none set'})`;
      case 'stepAssignee':
        return `an assignee of the current step (${(input.stepPositionIds ?? []).join(', ') || 'none pending'})`;
    }
  });
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}
