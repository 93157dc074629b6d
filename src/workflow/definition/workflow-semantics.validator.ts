import { parseIsoDuration } from './iso-duration';
import { SIGNING_EVENT, WORKFLOW_ACTIONS } from './workflow-actions.registry';
import {
  EventDefinition,
  FROM_URGENCY,
  KnownNames,
  StateDefinition,
  WorkflowDefinition,
} from '../../records/workflow-definition.types';
import { reachableStates, statesReachingFinal, workflowEdges } from './workflow-graph';

/** A problem found in a schema-valid definition; `path` points into the YAML file. */
export interface DefinitionIssue {
  path: (string | number)[];
  message: string;
}

/** `events.approve.from[0]`: a path as the reader finds it in the YAML. */
export function formatPath(path: (string | number)[]): string {
  return path.reduce<string>(
    (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment),
    '',
  );
}

export interface SemanticsOptions {
  /**
   * A definition stored with a letter, written before an action was placed where it runs:
   * it keeps running as it was written, so where an action is listed is not checked again.
   */
  stored?: boolean;
}

/**
 * Everything the JSON Schema cannot say: references between states, events, guards and
 * actions; that each action is listed where it really runs; route rules; durations; and the
 * shape of the graph (every state reachable, none a dead end).
 */
export function checkWorkflowSemantics(definition: WorkflowDefinition, known: KnownNames, options: SemanticsOptions = {}): DefinitionIssue[] {
  const context = new Checker(definition, known, options);
  context.checkInitialAndFinal();
  context.checkStartGuards();
  for (const [name, state] of Object.entries(definition.states)) context.checkState(name, state);
  for (const [name, event] of Object.entries(definition.events)) context.checkEvent(name, event);
  context.checkUrgencyDeadlines();
  context.checkGraph();
  return context.issues;
}

const isSigningAction = (name: string): boolean => Object.hasOwn(WORKFLOW_ACTIONS, name) && WORKFLOW_ACTIONS[name as keyof typeof WORKFLOW_ACTIONS].runs === 'signing';

class Checker {
  readonly issues: DefinitionIssue[] = [];
  private readonly finals: Set<string>;

  constructor(
    private readonly definition: WorkflowDefinition,
    private readonly known: KnownNames,
    private readonly options: SemanticsOptions,
  ) {
    this.finals = new Set(definition.final);
  }

  private report(path: (string | number)[], message: string): void {
    this.issues.push({ path, message });
  }

  private isState(name: string): boolean {
    return Object.hasOwn(this.definition.states, name);
  }

  private isRouteState(name: string): boolean {
    return this.isState(name) && this.definition.states[name].route !== undefined;
  }

  private checkStateRef(path: (string | number)[], name: string): void {
    if (!this.isState(name)) this.report(path, `unknown state "${name}"`);
  }

  private checkNames(path: (string | number)[], names: string[], kind: 'guard' | 'action'): void {
    const knownNames = kind === 'guard' ? this.known.guards : this.known.actions;
    names.forEach((name, index) => {
      if (!knownNames.includes(name)) {
        this.report([...path, index], `unknown ${kind} "${name}" (known: ${knownNames.join(', ')})`);
      }
    });
  }

  /**
   * The signing plugin numbers, renders and signs inside the `sign` transition, before it is
   * written: its actions belong to that event's actions, not to the state entered after.
   */
  private checkSigningActions(path: (string | number)[], names: string[], eventName?: string): void {
    if (this.options.stored) return;
    names.forEach((name, index) => {
      if (!isSigningAction(name) || eventName === SIGNING_EVENT) return;
      this.report(
        [...path, index],
        `${name} is done by the signing plugin inside the "${SIGNING_EVENT}" transition, before it is written: list it in events.${SIGNING_EVENT}.actions`,
      );
    });
  }

  private checkDuration(path: (string | number)[], text: string): void {
    const parsed = parseIsoDuration(text);
    if (!parsed.ok) this.report(path, `bad duration: ${parsed.problem}`);
  }

  checkInitialAndFinal(): void {
    this.checkStateRef(['initial'], this.definition.initial);
    this.definition.final.forEach((name, index) => this.checkStateRef(['final', index], name));
    if (this.finals.has(this.definition.initial)) {
      this.report(['initial'], `"${this.definition.initial}" is also a final state`);
    }
  }

  checkStartGuards(): void {
    this.checkNames(['startGuards'], this.definition.startGuards, 'guard');
  }

  checkUrgencyDeadlines(): void {
    for (const [urgency, duration] of Object.entries(this.definition.urgencyDeadlines)) {
      this.checkDuration(['urgencyDeadlines', urgency], duration);
    }
  }

  checkState(name: string, state: StateDefinition): void {
    const path = ['states', name];
    this.checkNames([...path, 'onEntry'], state.onEntry, 'action');
    this.checkNames([...path, 'onStep'], state.onStep, 'action');
    this.checkSigningActions([...path, 'onEntry'], state.onEntry);
    this.checkSigningActions([...path, 'onStep'], state.onStep);
    if (state.onStep.length > 0 && state.route === undefined) {
      this.report([...path, 'onStep'], 'onStep needs a route state (add route: reviewers or route: signers)');
    }
    if (state.editRoutes && state.route !== undefined) {
      this.report([...path, 'editRoutes'], 'routes cannot be edited in a route state, while its steps are deciding');
    }
    if (this.finals.has(name)) {
      for (const key of ['route', 'deadline'] as const) {
        if (state[key] !== undefined) this.report([...path, key], `a final state cannot have ${key}`);
      }
      if (state.editRoutes) this.report([...path, 'editRoutes'], 'a final state cannot have editRoutes');
    }
    if (state.deadline) this.checkDeadline(name, state.deadline);
  }

  private checkDeadline(stateName: string, deadline: { after: string; fires: string }): void {
    const path = ['states', stateName, 'deadline'];
    if (deadline.after !== FROM_URGENCY) this.checkDuration([...path, 'after'], deadline.after);
    if (!Object.hasOwn(this.definition.events, deadline.fires)) {
      this.report([...path, 'fires'], `unknown event "${deadline.fires}"`);
      return;
    }
    const event = this.definition.events[deadline.fires];
    if (!event.from.includes(stateName)) {
      this.report([...path, 'fires'], `event "${deadline.fires}" cannot be fired from "${stateName}" (add it to its from)`);
    }
    if (!event.by.some((clause) => clause.kind === 'system')) {
      this.report([...path, 'fires'], `event "${deadline.fires}" must allow by: system to be fired by a deadline`);
    }
  }

  checkEvent(name: string, event: EventDefinition): void {
    const path = ['events', name];
    if (event.from.length === 0) this.report([...path, 'from'], 'event has no source state (from is empty)');
    event.from.forEach((from, index) => {
      this.checkStateRef([...path, 'from', index], from);
      if (this.finals.has(from)) this.report([...path, 'from', index], `"${from}" is a final state; nothing may happen after it`);
    });
    if (event.to !== undefined) this.checkStateRef([...path, 'to'], event.to);
    event.branches.forEach((branch, index) => {
      this.checkStateRef([...path, 'branches', index, 'to'], branch.to);
      this.checkNames([...path, 'branches', index, 'when'], branch.when, 'guard');
    });
    if (event.branches.length > 0 && event.to === undefined) {
      this.report([...path, 'branches'], 'branches need a default target: add to');
    }
    this.checkNames([...path, 'guards'], event.guards, 'guard');
    this.checkNames([...path, 'actions'], event.actions, 'action');
    this.checkSigningActions([...path, 'actions'], event.actions, name);
    if (name === SIGNING_EVENT && !this.options.stored && !event.actions.includes('signDocument')) {
      this.report([...path, 'actions'], `the signing plugin signs the document on every "${SIGNING_EVENT}" event: list signDocument in its actions`);
    }
    this.checkRouteRules(name, event);
  }

  private checkRouteRules(name: string, event: EventDefinition): void {
    const path = ['events', name];
    const needsRouteSource = (reason: string, key: string) => {
      for (const from of event.from.filter((state) => this.isState(state) && !this.isRouteState(state))) {
        this.report([...path, key], `${reason} needs route states in from, and "${from}" has no route`);
      }
    };
    const effects = (['route', 'returnTo', 'restartRouteAt'] as const).filter((key) => event[key] !== undefined);
    if (effects.length > 1) this.report(path, `use only one of ${effects.join(', ')}`);
    if (event.route === 'advance') {
      needsRouteSource('route: advance', 'route');
      if (event.by.length !== 1 || event.by[0].kind !== 'stepAssignee') {
        this.report([...path, 'by'], 'route: advance records the approval of a step, so by must be [stepAssignee]');
      }
    }
    if (event.returnTo !== undefined) needsRouteSource(`returnTo: ${event.returnTo}`, 'returnTo');
    if (event.by.some((clause) => clause.kind === 'stepAssignee')) needsRouteSource('by: stepAssignee', 'by');
    for (const key of ['route', 'returnTo', 'restartRouteAt'] as const) {
      if (event[key] !== undefined && event.to === undefined) this.report([...path, key], `${key} needs a target: add to`);
    }
    if (event.restartRouteAt !== undefined) {
      const targets = [event.to, ...event.branches.map((branch) => branch.to)];
      for (const target of targets.filter((state) => state !== undefined && this.isState(state) && !this.isRouteState(state))) {
        this.report([...path, 'restartRouteAt'], `restartRouteAt needs route states as targets, and "${target}" has no route`);
      }
    }
  }

  checkGraph(): void {
    const edges = workflowEdges(this.definition).filter((edge) => this.isState(edge.from) && this.isState(edge.to));
    const reachable = reachableStates(this.definition, edges);
    const reachingFinal = statesReachingFinal(this.definition, edges);
    for (const name of Object.keys(this.definition.states)) {
      const path = ['states', name];
      const leaves = edges.some((edge) => edge.from === name && edge.to !== name);
      // With an unknown initial state every state would be reported; its own issue says enough.
      if (this.isState(this.definition.initial) && !reachable.has(name)) {
        this.report(path, `state "${name}" is unreachable from the initial state "${this.definition.initial}"`);
      }
      if (this.finals.has(name)) continue;
      if (!leaves) {
        this.report(path, `state "${name}" is a dead end: no event leads out of it and it is not final`);
      } else if (!reachingFinal.has(name)) {
        this.report(path, `state "${name}" cannot reach any final state`);
      }
    }
  }
}
