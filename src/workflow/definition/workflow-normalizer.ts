import {
  ActorClause,
  DEFAULT_URGENCY_DEADLINES,
  EventDefinition,
  ReturnTarget,
  RouteConfig,
  RouteEffect,
  RouteName,
  RouteRestart,
  StateDefinition,
  Urgency,
  WorkflowDefinition,
} from '../../records/workflow-definition.types';

/** A workflow file as the JSON Schema accepts it (shorthands allowed, defaults missing). */
export interface WorkflowFile {
  version: number;
  name: string;
  description?: string;
  usableByModules?: boolean;
  initial: string;
  final: string[];
  urgencyDeadlines?: Partial<Record<Urgency, string>>;
  routes?: Partial<Record<RouteName, Partial<RouteConfig>>>;
  startGuards?: string[];
  states: Record<string, WorkflowFileState>;
  events: Record<string, WorkflowFileEvent>;
}

interface WorkflowFileState {
  label: string;
  description?: string;
  route?: RouteName;
  editRoutes?: boolean;
  onEntry?: string[];
  onStep?: string[];
  deadline?: { after: string; fires: string };
}

type WorkflowFileActor =
  | 'drafter'
  | 'stepAssignee'
  | 'system'
  | { role: string }
  | { position: string }
  | { positionOf: string };

interface WorkflowFileEvent {
  label: string;
  description?: string;
  from: string | string[];
  to?: string;
  branches?: { when: string | string[]; to: string }[];
  by: WorkflowFileActor[];
  guards?: string[];
  actions?: string[];
  route?: RouteEffect;
  returnTo?: ReturnTarget;
  restartRouteAt?: RouteRestart;
  requiresNote?: boolean;
}

const DEFAULT_ROUTES: Record<RouteName, RouteConfig> = {
  reviewers: { label: 'Pemeriksa', parallel: true },
  signers: { label: 'Penandatangan', parallel: true },
};

const toList = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

/** Drops keys whose value is undefined, so the canonical JSON only holds what is set. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

function normalizeActor(actor: WorkflowFileActor): ActorClause {
  if (typeof actor === 'string') return { kind: actor };
  if ('role' in actor) return { kind: 'role', role: actor.role };
  if ('position' in actor) return { kind: 'position', positionId: actor.position };
  return { kind: 'positionOf', fact: actor.positionOf };
}

function normalizeState(state: WorkflowFileState): StateDefinition {
  return compact({
    label: state.label,
    description: state.description,
    route: state.route,
    editRoutes: state.editRoutes ?? false,
    onEntry: state.onEntry ?? [],
    onStep: state.onStep ?? [],
    deadline: state.deadline && { after: state.deadline.after, fires: state.deadline.fires },
  });
}

function normalizeEvent(event: WorkflowFileEvent): EventDefinition {
  return compact({
    label: event.label,
    description: event.description,
    from: toList(event.from),
    to: event.to,
    branches: (event.branches ?? []).map((branch) => ({ when: toList(branch.when), to: branch.to })),
    by: event.by.map(normalizeActor),
    guards: event.guards ?? [],
    actions: event.actions ?? [],
    route: event.route,
    returnTo: event.returnTo,
    restartRouteAt: event.restartRouteAt,
    requiresNote: event.requiresNote ?? false,
  });
}

function normalizeRoute(name: RouteName, route: Partial<RouteConfig> = {}): RouteConfig {
  return compact({
    label: route.label ?? DEFAULT_ROUTES[name].label,
    maxSteps: route.maxSteps,
    parallel: route.parallel ?? DEFAULT_ROUTES[name].parallel,
  });
}

const mapValues = <A, B>(record: Record<string, A>, map: (value: A) => B): Record<string, B> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));

/** The schema-valid file with shorthands expanded and defaults filled in. */
export function normalizeWorkflowFile(key: string, file: WorkflowFile): WorkflowDefinition {
  return compact({
    key,
    version: file.version,
    name: file.name,
    description: file.description,
    usableByModules: file.usableByModules ?? false,
    initial: file.initial,
    final: file.final,
    urgencyDeadlines: { ...DEFAULT_URGENCY_DEADLINES, ...file.urgencyDeadlines },
    routes: {
      reviewers: normalizeRoute('reviewers', file.routes?.reviewers),
      signers: normalizeRoute('signers', file.routes?.signers),
    },
    startGuards: file.startGuards ?? [],
    states: mapValues(file.states, normalizeState),
    events: mapValues(file.events, normalizeEvent),
  });
}
