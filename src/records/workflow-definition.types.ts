/**
 * The normalised, in-memory form of a workflow file (workflows/<key>.yaml).
 *
 * The YAML accepts shorthands (`from: draft` or `from: [draft, returned]`, `by: [drafter]`);
 * the normaliser turns them into this single shape, which is also the canonical JSON stored
 * with each letter, so an old letter can be interpreted with exactly the definition it
 * started with.
 */

/** Derajat kecepatan (urgency) of a letter, lowest to highest. */
export const URGENCIES = ['biasa', 'segera', 'sangat_segera', 'kilat'] as const;
export type Urgency = (typeof URGENCIES)[number];

/**
 * A letter carries two ordered lists of steps: the review chain (paraf berjenjang, or the
 * approvers of a module's approval request) and the signers (co-signed letters, in order).
 */
export const ROUTE_NAMES = ['reviewers', 'signers'] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

/** Value of a state's `deadline.after` that derives the duration from the letter's urgency. */
export const FROM_URGENCY = 'fromUrgency';

/** Used when a file does not override `urgencyDeadlines` (1×24 h, 2×24 h, five days). */
export const DEFAULT_URGENCY_DEADLINES: Readonly<Record<Urgency, string>> = {
  biasa: 'P5D',
  segera: 'PT48H',
  sangat_segera: 'PT24H',
  kilat: 'PT12H',
};

/** Who may fire an event. The first clause that matches the actor is recorded as `actedAs`. */
export type ActorClause =
  /** the person in the letter's `drafterPersonId` fact (konseptor, or whoever registered it) */
  | { kind: 'drafter' }
  /** a holder, Plt or Plh of a position of the current route step that has not decided yet */
  | { kind: 'stepAssignee' }
  /** the server itself: deadline timers and other automatic triggers */
  | { kind: 'system' }
  | { kind: 'role'; role: string }
  /** the holder of a fixed position, or their Plt/Plh */
  | { kind: 'position'; positionId: string }
  /** the holder (or Plt/Plh) of a position the letter names in `facts.positions[fact]` */
  | { kind: 'positionOf'; fact: string };

export interface RouteConfig {
  /** UI label of the list, e.g. "Pemeriksa (paraf berjenjang)". */
  label: string;
  /** Upper bound on the number of steps (some bodies cap the review chain at 3). */
  maxSteps?: number;
  /** Whether a step may be a parallel group; signers are usually one position per step. */
  parallel: boolean;
}

export interface DeadlineDefinition {
  /** An ISO-8601 duration (PT48H, P2D) or `fromUrgency`. */
  after: string;
  /** Event fired by the system (actor `system`) when the deadline passes. */
  fires: string;
}

export interface StateDefinition {
  label: string;
  description?: string;
  /** Makes this a route state: the letter stays here while the route's steps decide. */
  route?: RouteName;
  /** The drafter may replace the route plans while the letter is in this state. */
  editRoutes: boolean;
  /** Actions requested each time the state is entered. */
  onEntry: string[];
  /** Route states only: actions requested each time a step becomes current. */
  onStep: string[];
  deadline?: DeadlineDefinition;
}

export interface BranchDefinition {
  /** Guard names that must all pass for this branch to be taken. */
  when: string[];
  to: string;
}

export type RouteEffect = 'advance';
export type ReturnTarget = 'drafter' | 'previous_step';
export type RouteRestart = 'first' | 'returning_step';

export interface EventDefinition {
  label: string;
  description?: string;
  from: string[];
  /**
   * Target state. Absent: the letter stays where it is (no exit, no entry). With
   * `route: advance` it is the target once the last step is satisfied; with
   * `returnTo: previous_step` it is the target when there is no previous step.
   */
  to?: string;
  /** Checked in order before `to`; the first branch whose guards all pass wins. */
  branches: BranchDefinition[];
  by: ActorClause[];
  guards: string[];
  /** Actions requested by the event itself, whether or not the state changes. */
  actions: string[];
  /** `advance`: records the actor's approval on the current step of the state's route. */
  route?: RouteEffect;
  /** Marks a return (dikembalikan): to the drafter, or one step back in the route. */
  returnTo?: ReturnTarget;
  /** Marks a resubmission: restart the routes at the first step, or where it was returned. */
  restartRouteAt?: RouteRestart;
  /** The event must carry a note (catatan), e.g. why a draft is returned. */
  requiresNote: boolean;
}

export interface WorkflowDefinition {
  /** File stem, e.g. `surat-keluar`. */
  key: string;
  version: number;
  name: string;
  description?: string;
  /** Other SIM modules may only start workflows marked usable. */
  usableByModules: boolean;
  initial: string;
  final: string[];
  /** Duration per urgency for `deadline.after: fromUrgency` (defaults merged with the file). */
  urgencyDeadlines: Record<Urgency, string>;
  routes: Record<RouteName, RouteConfig>;
  /** Guards checked when a letter is started on this workflow. */
  startGuards: string[];
  states: Record<string, StateDefinition>;
  events: Record<string, EventDefinition>;
}

/** A validated definition with the identity the server stores with each letter. */
export interface LoadedWorkflow {
  key: string;
  version: number;
  /** File the definition came from (base name), or `stored <key> v<version>` when restored. */
  source: string;
  definition: WorkflowDefinition;
  /** The definition as JSON with sorted keys: what the server stores. */
  canonicalJson: string;
  /** SHA-256 (hex) of `canonicalJson`. */
  hash: string;
}

/** Names a workflow file may use, beyond which it is refused. */
export interface KnownNames {
  guards: readonly string[];
  actions: readonly string[];
}
