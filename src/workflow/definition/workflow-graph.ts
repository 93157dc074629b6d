import type { EventDefinition, WorkflowDefinition } from '../../records/workflow-definition.types';

/**
 * How an edge arises:
 * go: the event's `to`; branch: one of its `branches`; next_step / previous_step: a route
 * moves inside the same state; stay: an event without `to`; resume: a resubmission with
 * `restartRouteAt: returning_step` going back to the state that returned the letter.
 */
export type EdgeKind = 'go' | 'branch' | 'next_step' | 'previous_step' | 'stay' | 'resume';

export interface WorkflowEdge {
  from: string;
  to: string;
  event: string;
  kind: EdgeKind;
  /** Guards of a branch edge. */
  when?: string[];
}

/** Every state change (or stay) the definition allows, used for checks and diagrams. */
export function workflowEdges(definition: WorkflowDefinition): WorkflowEdge[] {
  return Object.entries(definition.events).flatMap(([event, spec]) =>
    spec.from.flatMap((from) => edgesOfEvent(definition, event, spec, from)),
  );
}

function edgesOfEvent(definition: WorkflowDefinition, event: string, spec: EventDefinition, from: string): WorkflowEdge[] {
  const edges: WorkflowEdge[] = spec.branches.map((branch) => ({ from, to: branch.to, event, kind: 'branch', when: branch.when }));
  if (spec.route === 'advance') {
    edges.push({ from, to: from, event, kind: 'next_step' });
  }
  if (spec.returnTo === 'previous_step') {
    edges.push({ from, to: from, event, kind: 'previous_step' });
  }
  edges.push(spec.to === undefined ? { from, to: from, event, kind: 'stay' } : { from, to: spec.to, event, kind: 'go' });
  if (spec.restartRouteAt === 'returning_step') {
    const direct = new Set([spec.to, ...spec.branches.map((branch) => branch.to)]);
    for (const returning of statesReturningInto(definition, from).filter((state) => !direct.has(state))) {
      edges.push({ from, to: returning, event, kind: 'resume' });
    }
  }
  return edges;
}

/** Route states from which a return to the drafter lands in `state`. */
function statesReturningInto(definition: WorkflowDefinition, state: string): string[] {
  const returning = Object.values(definition.events)
    .filter((spec) => spec.returnTo !== undefined && spec.to === state)
    .flatMap((spec) => spec.from);
  return [...new Set(returning)];
}

/** States reachable from `start` following edges in the given direction. */
function closure(start: Iterable<string>, next: (state: string) => string[]): Set<string> {
  const seen = new Set(start);
  const queue = [...seen];
  while (queue.length > 0) {
    for (const target of next(queue.shift()!)) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return seen;
}

export function reachableStates(definition: WorkflowDefinition, edges = workflowEdges(definition)): Set<string> {
  return closure([definition.initial], (state) => edges.filter((edge) => edge.from === state).map((edge) => edge.to));
}

/** States from which at least one final state can still be reached. */
export function statesReachingFinal(definition: WorkflowDefinition, edges = workflowEdges(definition)): Set<string> {
  return closure(definition.final, (state) => edges.filter((edge) => edge.to === state).map((edge) => edge.from));
}
