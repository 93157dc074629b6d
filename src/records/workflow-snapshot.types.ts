import type { ActorClause, RouteName, Urgency } from './workflow-definition.types';
// upward: type only (erased when compiled); a snapshot keeps a refused transition in the engine's own shape.
import type { TransitionRefusal } from '../workflow/engine/workflow.errors';

/*
 * Everything the interpreter reads and returns. All of it is plain JSON (strings, numbers,
 * booleans, arrays, objects; dates as ISO-8601 strings), so the server can store a
 * snapshot as-is in a jsonb column and read it back without revival.
 */

// ---------------------------------------------------------------- route plans (input)

export type StepMode = 'all' | 'any' | 'n_of_m';

/**
 * One step of a route as the drafter (or the requesting module) chooses it.
 * A single position: `{ positionIds: ['kabid.tik'] }`.
 * A parallel group: `{ positionIds: ['kasi.a', 'kasi.b', 'kasi.c'], mode: 'n_of_m', n: 2 }`.
 */
export interface RouteStepPlan {
  positionIds: string[];
  /** Default `all`. `any`: one approval is enough; `n_of_m`: `n` distinct positions. */
  mode?: StepMode;
  /** Required with `n_of_m`, 1..positionIds.length. */
  n?: number;
}

/** Steps of both routes, in order. Omitted routes are empty. */
export type RoutePlans = Partial<Record<RouteName, RouteStepPlan[]>>;

// ---------------------------------------------------------------- the snapshot (stored)

/** How the actor holds the position they acted for. */
export type PositionCapacity = 'holder' | 'plt' | 'plh';

/** One paraf / signature recorded on a step. */
export interface StepApproval {
  positionId: string;
  personId: string;
  /** `plh`: e.g. the Sekretaris Dinas approved as Plh. Kepala Dinas. */
  capacity: PositionCapacity;
  /** ISO-8601 */
  at: string;
}

export interface RouteStepProgress {
  positionIds: string[];
  mode: StepMode;
  /** Approvals needed to satisfy the step: all → m, any → 1, n_of_m → n. */
  required: number;
  /** Approvals in the current round; cleared when the step is returned or restarted. */
  approvals: StepApproval[];
}

export interface RouteProgress {
  steps: RouteStepProgress[];
  /**
   * Index of the current step. Equal to `steps.length` once every step is satisfied;
   * 0 for a route that has not been entered yet.
   */
  cursor: number;
}

/** Where the letter was when it was last sent back to the drafter (dikembalikan). */
export interface ReturnMark {
  state: string;
  route: RouteName;
  step: number;
  /** The position the returning person acted for (absent if they were not a step assignee). */
  positionId?: string;
  personId: string;
  event: string;
  /** ISO-8601 */
  at: string;
}

/** The single deadline running for the current state, if the state declares one. */
export interface WorkflowDeadline {
  /** Deterministic per letter (`<state>@<seq>`): prefix it with the letter id for a job id. */
  id: string;
  state: string;
  /** Event the server fires, as the `system` actor, at `dueAt`. */
  event: string;
  /** ISO-8601 */
  dueAt: string;
  /** ISO-8601, set once the deadline event has been applied. */
  firedAt?: string;
}

export interface WorkflowSnapshot {
  /** The definition this letter runs on; the interpreter refuses any other. */
  workflow: { key: string; version: number; hash: string };
  /** Current state name. */
  state: string;
  /** True once `state` is one of the definition's final states. */
  done: boolean;
  /** Number of transitions applied, starting with 1 for `start`. */
  seq: number;
  /** Draft version: 1 at start, +1 on every resubmission after a return. */
  revision: number;
  /** ISO-8601: when the current state was entered. */
  enteredAt: string;
  routes: Record<RouteName, RouteProgress>;
  /** Set when the letter is returned to the drafter; cleared on resubmission. */
  returned?: ReturnMark;
  deadline?: WorkflowDeadline;
}

// ---------------------------------------------------------------- context (input)

export interface PositionDelegation {
  positionId: string;
  /** plt: the position is vacant; plh: the holder is away. */
  kind: 'plt' | 'plh';
}

/**
 * The person firing the event, as resolved by the server at `now`: only the positions
 * they hold and the delegations active today.
 */
export interface WorkflowActor {
  personId: string;
  roles: string[];
  positionIds: string[];
  delegations: PositionDelegation[];
  /** The server's own triggers (deadlines); matches only `by: [system]`. */
  system?: boolean;
}

export const SYSTEM_ACTOR: Readonly<WorkflowActor> = Object.freeze({
  personId: 'system',
  roles: [],
  positionIds: [],
  delegations: [],
  system: true,
});

/** What guards and `by` clauses know about the letter. */
export interface LetterFacts {
  /** The konseptor, or for registered incoming letters and approval requests, the registrar. */
  drafterPersonId: string;
  /** Missing means `biasa`. */
  urgency?: Urgency;
  /** The letter has its PDF (rendered document or attached PDF). */
  hasPdf?: boolean;
  internalRecipientCount?: number;
  externalRecipientCount?: number;
  /** Positions the letter names, for `by: [{ positionOf: <name> }]`, e.g. `addressee`. */
  positions?: Record<string, string | string[]>;
  /** Anything plugin-provided guards need. */
  extra?: Record<string, unknown>;
}

export interface TransitionContext {
  actor: WorkflowActor;
  facts: LetterFacts;
  now: Date;
}

/** An event as the API receives it. */
export interface WorkflowEvent {
  type: string;
  /** Catatan: required by events marked `requiresNote`, kept in history (`comment` in the API and the history row alike). */
  comment?: string;
  /** When the actor could act for several positions of the step, the one they chose. */
  asPositionId?: string;
}

// ---------------------------------------------------------------- result (output)

/** Which `by` clause let the actor fire the event, and for which position. */
export interface ActedAs {
  clause: ActorClause['kind'];
  role?: string;
  positionId?: string;
  capacity?: PositionCapacity;
}

/** An action for the server to run after it has saved the snapshot. */
export interface WorkflowActionRequest {
  name: string;
  /** entry: on entering `state`; step: a route step became current; transition: the event's own. */
  trigger: 'entry' | 'step' | 'transition';
  event: string;
  /** The state the letter is in after the transition. */
  state: string;
  /** For `step` triggers: the step that became current and who must act on it. */
  step?: { route: RouteName; index: number; positionIds: string[] };
}

export interface DeadlineChanges {
  /** A running deadline to drop (the letter left its state). */
  cancel?: WorkflowDeadline;
  /** A new deadline to schedule. */
  set?: WorkflowDeadline;
}

/** One row of the letter's history, written in the same transaction as the snapshot. */
export interface WorkflowHistoryEntry {
  seq: number;
  /** The event name, or `$start` for the first entry. */
  event: string;
  /** null for `$start`. */
  from: string | null;
  to: string;
  /** ISO-8601 */
  at: string;
  actorPersonId: string;
  actedAs: ActedAs;
  revision: number;
  comment?: string;
  /** For events that moved a route: the step before and after. */
  route?: { name: RouteName; cursorBefore: number; cursorAfter: number };
}

export interface TransitionSuccess {
  ok: true;
  snapshot: WorkflowSnapshot;
  actions: WorkflowActionRequest[];
  deadlines: DeadlineChanges;
  history: WorkflowHistoryEntry;
}

export type TransitionResult = TransitionSuccess | TransitionRefusal;
