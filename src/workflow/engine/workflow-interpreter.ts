import { addIsoDuration } from '../definition/iso-duration';
import {
  ActorClause,
  EventDefinition,
  FROM_URGENCY,
  LoadedWorkflow,
  ROUTE_NAMES,
  RouteName,
  WorkflowDefinition,
} from '../../records/workflow-definition.types';
import { allowedActors, describeAllowed, matchActor } from './actor-matcher';
import {
  approveCurrentStep,
  clearCurrentStep,
  currentStep,
  emptyRoute,
  isRouteComplete,
  pendingPositions,
  planRoute,
  restartRoute,
} from './route-progress';
import { BUILT_IN_GUARDS, GuardInput, GuardRegistry } from './workflow-guards.registry';
import type {
  ActedAs,
  DeadlineChanges,
  LetterFacts,
  RoutePlans,
  RouteProgress,
  TransitionContext,
  TransitionResult,
  WorkflowActionRequest,
  WorkflowEvent,
  WorkflowSnapshot,
} from '../../records/workflow-snapshot.types';
import { refuse, TransitionRefusal, WorkflowError, WorkflowErrorCode } from './workflow.errors';

/*
 * The interpreter is pure: it reads a definition, a snapshot and a context and returns the
 * next snapshot with the actions, deadline changes and history row the server must persist
 * and run. It never throws for a refused event (it returns { ok: false, code, reason });
 * it throws only for server bugs such as a guard name without an implementation.
 */

export interface StartInput {
  /** The routes chosen when the letter is drafted; omitted routes are empty. */
  routes?: RoutePlans;
}

/** An event the current actor may fire now, for the letter's action buttons. */
export interface AllowedEvent {
  event: string;
  label: string;
  /** State after firing (the current state when the event keeps the letter where it is). */
  to: string;
  actedAs: ActedAs;
  requiresNote: boolean;
}

/** An event someone could fire now, whoever asks. */
export interface PossibleEvent {
  event: string;
  label: string;
  by: ActorClause[];
}

/** What an event does before the common exit/entry/history bookkeeping. */
interface Move {
  /** Absent: the letter stays in its state. */
  target?: string;
  /** Enter the target's route where it stopped instead of at a fresh first step. */
  resume?: boolean;
  /** Staying, but another step of the route became current. */
  stepChanged?: boolean;
  routeChange?: { name: RouteName; cursorBefore: number; cursorAfter: number };
}

/** The event being applied, as `finish` needs it. */
interface Firing {
  event: string;
  from: string | null;
  actedAs: ActedAs;
  transitionActions: string[];
  comment?: string;
}

/** Starts a letter on `workflow`: the first snapshot, entry actions and `$start` history row. */
export function start(
  workflow: LoadedWorkflow,
  input: StartInput,
  ctx: TransitionContext,
  guards: GuardRegistry = BUILT_IN_GUARDS,
): TransitionResult {
  const definition = workflow.definition;
  if (ctx.actor.personId !== ctx.facts.drafterPersonId) {
    return refuse(WorkflowErrorCode.ACTOR_NOT_ALLOWED, 'a letter is started by its drafter: facts.drafterPersonId must be the actor');
  }
  const routes = buildRoutes(definition, input.routes ?? {});
  if (!routes.ok) return routes;
  const snapshot: WorkflowSnapshot = {
    workflow: { key: workflow.key, version: workflow.version, hash: workflow.hash },
    state: definition.initial,
    done: false,
    seq: 0,
    revision: 1,
    enteredAt: ctx.now.toISOString(),
    routes: routes.routes,
  };
  const refusal = checkGuards(definition.startGuards, { snapshot, facts: ctx.facts }, guards);
  if (refusal) return refusal;
  const firing: Firing = { event: '$start', from: null, actedAs: { clause: 'drafter' }, transitionActions: [] };
  return finish(definition, snapshot, firing, { target: definition.initial }, ctx);
}

/** Applies `event` for the actor in `ctx`, or says why not. */
export function transition(
  workflow: LoadedWorkflow,
  snapshot: WorkflowSnapshot,
  event: WorkflowEvent,
  ctx: TransitionContext,
  guards: GuardRegistry = BUILT_IN_GUARDS,
): TransitionResult {
  return evaluate(workflow, snapshot, event, ctx, guards, { requireNote: true });
}

/** The events this actor may fire now (a note is not needed to be offered the button). */
export function allowedEvents(
  workflow: LoadedWorkflow,
  snapshot: WorkflowSnapshot,
  ctx: TransitionContext,
  guards: GuardRegistry = BUILT_IN_GUARDS,
): AllowedEvent[] {
  return Object.entries(workflow.definition.events).flatMap(([event, spec]) => {
    const result = evaluate(workflow, snapshot, { type: event }, ctx, guards, { requireNote: false });
    return result.ok
      ? [{ event, label: spec.label, to: result.snapshot.state, actedAs: result.history.actedAs, requiresNote: spec.requiresNote }]
      : [];
  });
}

/** The events allowed in the current state whose guards pass, whoever would fire them. */
export function eventsIgnoringActor(
  workflow: LoadedWorkflow,
  snapshot: WorkflowSnapshot,
  facts: LetterFacts,
  guards: GuardRegistry = BUILT_IN_GUARDS,
): PossibleEvent[] {
  assertIdentity(workflow, snapshot);
  return Object.entries(workflow.definition.events)
    .filter(([, spec]) => spec.from.includes(snapshot.state))
    .filter(([, spec]) => checkGuards(spec.guards, { snapshot, facts }, guards) === undefined)
    .map(([event, spec]) => ({ event, label: spec.label, by: spec.by }));
}

/** Positions that still have to decide on the current route step (the letter's inbox owners). */
export function pendingAssignees(workflow: LoadedWorkflow, snapshot: WorkflowSnapshot): string[] {
  assertIdentity(workflow, snapshot);
  const route = workflow.definition.states[snapshot.state].route;
  const step = route && currentStep(snapshot.routes[route]);
  return step ? pendingPositions(step) : [];
}

/**
 * Replaces the given routes (others are kept) while the letter is in a state marked
 * `editRoutes`, e.g. the drafter changing reviewers before resubmitting. The new routes
 * start fresh, so a pending resubmission restarts at the first step.
 */
export function planRoutes(
  workflow: LoadedWorkflow,
  snapshot: WorkflowSnapshot,
  plans: RoutePlans,
): { ok: true; snapshot: WorkflowSnapshot } | TransitionRefusal {
  const mismatch = checkIdentity(workflow, snapshot);
  if (mismatch) return mismatch;
  const definition = workflow.definition;
  if (!definition.states[snapshot.state].editRoutes) {
    return refuse(WorkflowErrorCode.ROUTE_NOT_EDITABLE, `routes cannot be changed in state "${snapshot.state}"`);
  }
  const routes = buildRoutes(definition, plans, snapshot.routes);
  if (!routes.ok) return routes;
  const next: WorkflowSnapshot = { ...structuredClone(snapshot), routes: routes.routes };
  delete next.returned;
  return { ok: true, snapshot: next };
}

// ---------------------------------------------------------------------------------------

function checkIdentity(workflow: LoadedWorkflow, snapshot: WorkflowSnapshot): TransitionRefusal | undefined {
  const { key, version, hash } = snapshot.workflow;
  if (key === workflow.key && version === workflow.version && hash === workflow.hash) return undefined;
  return refuse(
    WorkflowErrorCode.DEFINITION_MISMATCH,
    `the letter runs on ${key} v${version} (${hash.slice(0, 12)}), not on ${workflow.key} v${workflow.version} (${workflow.hash.slice(0, 12)})`,
  );
}

/** For the read-only helpers, which have no refusal to return: a mismatch is a server bug. */
function assertIdentity(workflow: LoadedWorkflow, snapshot: WorkflowSnapshot): void {
  const mismatch = checkIdentity(workflow, snapshot);
  if (mismatch) throw WorkflowError.fromRefusal(mismatch);
}

function buildRoutes(
  definition: WorkflowDefinition,
  plans: RoutePlans,
  current?: Record<RouteName, RouteProgress>,
): { ok: true; routes: Record<RouteName, RouteProgress> } | TransitionRefusal {
  const routes = {} as Record<RouteName, RouteProgress>;
  for (const name of ROUTE_NAMES) {
    const plan = plans[name];
    if (plan === undefined) {
      routes[name] = current ? structuredClone(current[name]) : emptyRoute();
      continue;
    }
    const planned = planRoute(name, plan, definition.routes[name]);
    if (!planned.ok) return planned;
    routes[name] = planned.progress;
  }
  return { ok: true, routes };
}

function checkGuards(names: string[], input: GuardInput, guards: GuardRegistry): TransitionRefusal | undefined {
  for (const name of names) {
    const guard = guards[name];
    if (!guard) {
      throw new WorkflowError(WorkflowErrorCode.DEFINITION_INVALID, `guard "${name}" has no implementation`);
    }
    if (!guard.test(input)) return refuse(WorkflowErrorCode.GUARD_REFUSED, `${name}: ${guard.refusal}`);
  }
  return undefined;
}

function stepPositionIds(definition: WorkflowDefinition, snapshot: WorkflowSnapshot): string[] | undefined {
  const route = definition.states[snapshot.state].route;
  const step = route && currentStep(snapshot.routes[route]);
  return step ? pendingPositions(step) : undefined;
}

function evaluate(
  workflow: LoadedWorkflow,
  snapshot: WorkflowSnapshot,
  event: WorkflowEvent,
  ctx: TransitionContext,
  guards: GuardRegistry,
  options: { requireNote: boolean },
): TransitionResult {
  const mismatch = checkIdentity(workflow, snapshot);
  if (mismatch) return mismatch;
  const definition = workflow.definition;
  if (!Object.hasOwn(definition.events, event.type)) {
    return refuse(WorkflowErrorCode.UNKNOWN_EVENT, `workflow "${definition.key}" has no event "${event.type}"`);
  }
  const spec = definition.events[event.type];
  if (!spec.from.includes(snapshot.state)) {
    const ended = snapshot.done ? ' (the workflow has ended)' : '';
    return refuse(WorkflowErrorCode.TRANSITION_NOT_ALLOWED, `"${event.type}" is not allowed in state "${snapshot.state}"${ended}`);
  }
  const match = { actor: ctx.actor, facts: ctx.facts, stepPositionIds: stepPositionIds(definition, snapshot), asPositionId: event.asPositionId };
  const actedAs = matchActor(spec.by, match);
  if (!actedAs) {
    const allowed = allowedActors(spec.by, match);
    return refuse(WorkflowErrorCode.ACTOR_NOT_ALLOWED, `${ctx.actor.personId} may not fire "${event.type}" now; allowed: ${describeAllowed(allowed)}`, {
      personId: ctx.actor.personId,
      event: event.type,
      allowed,
    });
  }
  if (options.requireNote && spec.requiresNote && !event.comment?.trim()) {
    return refuse(WorkflowErrorCode.NOTE_REQUIRED, `"${event.type}" needs a note (catatan)`);
  }
  const refusal = checkGuards(spec.guards, { snapshot, facts: ctx.facts }, guards);
  if (refusal) return refusal;

  const working = structuredClone(snapshot);
  const firing: Firing = { event: event.type, from: snapshot.state, actedAs, transitionActions: spec.actions, comment: event.comment };
  const move = moveFor(definition, working, firing, spec, ctx, guards);
  return finish(definition, working, firing, move, ctx);
}

/** Applies the event's own effect to `working` and says where the letter goes. */
function moveFor(
  definition: WorkflowDefinition,
  working: WorkflowSnapshot,
  firing: Firing,
  spec: EventDefinition,
  ctx: TransitionContext,
  guards: GuardRegistry,
): Move {
  const route = definition.states[working.state].route;
  if (spec.route === 'advance') return advance(definition, working, route!, firing, spec, ctx, guards);
  if (spec.returnTo !== undefined) return sendBack(working, route!, firing, spec, ctx);
  if (spec.restartRouteAt !== undefined) return resubmit(working, spec, ctx.facts, guards);
  return { target: targetOf(spec, working, ctx.facts, guards) };
}

/** Records a paraf or signature on the current step; leaves the state once the route is done. */
function advance(
  definition: WorkflowDefinition,
  working: WorkflowSnapshot,
  name: RouteName,
  firing: Firing,
  spec: EventDefinition,
  ctx: TransitionContext,
  guards: GuardRegistry,
): Move {
  const route = working.routes[name];
  const cursorBefore = route.cursor;
  const stepChanged = approveCurrentStep(route, {
    positionId: firing.actedAs.positionId!,
    personId: ctx.actor.personId,
    capacity: firing.actedAs.capacity!,
    at: ctx.now.toISOString(),
  });
  const routeChange = { name, cursorBefore, cursorAfter: route.cursor };
  if (isRouteComplete(route)) return { target: targetOf(spec, working, ctx.facts, guards), routeChange };
  return { stepChanged, routeChange };
}

/** Dikembalikan: one step back in the route, or to the drafter with a mark of where from. */
function sendBack(working: WorkflowSnapshot, name: RouteName, firing: Firing, spec: EventDefinition, ctx: TransitionContext): Move {
  const route = working.routes[name];
  const cursorBefore = route.cursor;
  clearCurrentStep(route);
  if (spec.returnTo === 'previous_step' && route.cursor > 0) {
    route.cursor -= 1;
    clearCurrentStep(route);
    return { stepChanged: true, routeChange: { name, cursorBefore, cursorAfter: route.cursor } };
  }
  working.returned = {
    state: working.state,
    route: name,
    step: route.cursor,
    positionId: firing.actedAs.positionId,
    personId: ctx.actor.personId,
    event: firing.event,
    at: ctx.now.toISOString(),
  };
  return { target: spec.to, routeChange: { name, cursorBefore, cursorAfter: route.cursor } };
}

/** A new revision: back where it was returned from, or every route from its first step. */
function resubmit(working: WorkflowSnapshot, spec: EventDefinition, facts: LetterFacts, guards: GuardRegistry): Move {
  const mark = working.returned;
  delete working.returned;
  working.revision += 1;
  if (spec.restartRouteAt === 'returning_step' && mark) return { target: mark.state, resume: true };
  for (const route of Object.values(working.routes)) restartRoute(route);
  return { target: targetOf(spec, working, facts, guards) };
}

function targetOf(spec: EventDefinition, snapshot: WorkflowSnapshot, facts: LetterFacts, guards: GuardRegistry): string | undefined {
  const branch = spec.branches.find((candidate) => checkGuards(candidate.when, { snapshot, facts }, guards) === undefined);
  return branch ? branch.to : spec.to;
}

/** Exit, entry, actions, deadlines and history: the same for every event and for `start`. */
function finish(definition: WorkflowDefinition, next: WorkflowSnapshot, firing: Firing, move: Move, ctx: TransitionContext): TransitionResult {
  next.seq += 1;
  const now = ctx.now.toISOString();
  const actions: WorkflowActionRequest[] = [];
  const request = (names: string[], trigger: WorkflowActionRequest['trigger']) => {
    for (const name of names) actions.push({ name, trigger, event: firing.event, state: next.state, ...stepInfo(definition, next, trigger) });
  };
  const deadlines: DeadlineChanges = {};

  if (move.target === undefined) {
    request(firing.transitionActions, 'transition');
    if (move.stepChanged) request(definition.states[next.state].onStep, 'step');
    if (next.deadline?.event === firing.event && next.deadline.firedAt === undefined) next.deadline.firedAt = now;
  } else {
    if (next.deadline && next.deadline.firedAt === undefined) deadlines.cancel = next.deadline;
    delete next.deadline;
    const refusal = enter(definition, next, move.target, move.resume === true, now);
    if (refusal) return refusal;
    const state = definition.states[next.state];
    request(firing.transitionActions, 'transition');
    request(state.onEntry, 'entry');
    if (state.route) request(state.onStep, 'step');
    if (state.deadline) {
      next.deadline = deadlineFor(definition, next, ctx);
      deadlines.set = { ...next.deadline };
    }
  }

  return {
    ok: true,
    snapshot: next,
    actions,
    deadlines,
    history: {
      seq: next.seq,
      event: firing.event,
      from: firing.from,
      to: next.state,
      at: now,
      actorPersonId: ctx.actor.personId,
      actedAs: firing.actedAs,
      revision: next.revision,
      ...(firing.comment?.trim() ? { comment: firing.comment.trim() } : {}),
      ...(move.routeChange ? { route: move.routeChange } : {}),
    },
  };
}

function enter(definition: WorkflowDefinition, next: WorkflowSnapshot, target: string, resume: boolean, now: string): TransitionRefusal | undefined {
  const state = definition.states[target];
  next.state = target;
  next.enteredAt = now;
  next.done = definition.final.includes(target);
  if (state.route === undefined) return undefined;
  const route = next.routes[state.route];
  if (!resume) restartRoute(route);
  if (route.steps.length === 0) {
    return refuse(
      WorkflowErrorCode.ROUTE_EMPTY,
      `state "${target}" needs at least one step in route "${state.route}" (${definition.routes[state.route].label})`,
    );
  }
  return undefined;
}

function stepInfo(definition: WorkflowDefinition, snapshot: WorkflowSnapshot, trigger: WorkflowActionRequest['trigger']) {
  const route = definition.states[snapshot.state].route;
  if (trigger !== 'step' || route === undefined) return {};
  const { cursor } = snapshot.routes[route];
  return { step: { route, index: cursor, positionIds: pendingPositions(snapshot.routes[route].steps[cursor]) } };
}

function deadlineFor(definition: WorkflowDefinition, snapshot: WorkflowSnapshot, ctx: TransitionContext) {
  const { after, fires } = definition.states[snapshot.state].deadline!;
  const duration = after === FROM_URGENCY ? definition.urgencyDeadlines[ctx.facts.urgency ?? 'biasa'] : after;
  return { id: `${snapshot.state}@${snapshot.seq}`, state: snapshot.state, event: fires, dueAt: addIsoDuration(ctx.now, duration).toISOString() };
}
