import { join } from 'node:path';
import type { LoadedWorkflow } from '../../../records/workflow-definition.types';
import { loadWorkflowDirectory } from '../../definition/workflow-directory.loader';
import { workflowEdges } from '../../definition/workflow-graph';
import { allowedEvents, start, transition, StartInput } from '../workflow-interpreter';
import {
  LetterFacts,
  SYSTEM_ACTOR,
  TransitionResult,
  TransitionSuccess,
  WorkflowActionRequest,
  WorkflowActor,
  WorkflowSnapshot,
} from '../../../records/workflow-snapshot.types';

/*
 * Helpers for the workflow specs: a small organisation (Dinas Kominfo) and a walker that
 * fires events, fails loudly on an unexpected refusal, and remembers which edges it used
 * and which states it reached, so a spec can prove it walked the whole definition.
 */

export const SHIPPED_WORKFLOW_DIR = join(__dirname, '..', '..', '..', '..', 'workflows');

export function shippedWorkflow(key: string): LoadedWorkflow {
  const workflow = loadWorkflowDirectory(SHIPPED_WORKFLOW_DIR).find((candidate) => candidate.key === key);
  if (!workflow) throw new Error(`no shipped workflow ${key}`);
  return workflow;
}

const person = (personId: string, parts: Partial<Omit<WorkflowActor, 'personId'>> = {}): WorkflowActor => ({
  personId,
  roles: parts.roles ?? [],
  positionIds: parts.positionIds ?? [],
  delegations: parts.delegations ?? [],
});

/** Staff of Dinas Kominfo. The Sekretaris Dinas is Plh. Kepala Dinas while the Kadis travels. */
export const PEOPLE = {
  staf: person('p.staf', { roles: ['staf'], positionIds: ['staf.tik'] }),
  kasiAplikasi: person('p.kasi.aplikasi', { positionIds: ['kasi.aplikasi'] }),
  kasiInfra: person('p.kasi.infra', { positionIds: ['kasi.infra'] }),
  kasiData: person('p.kasi.data', { positionIds: ['kasi.data'] }),
  kabid: person('p.kabid', { positionIds: ['kabid.tik'] }),
  sekdis: person('p.sekdis', { positionIds: ['sekdis.kominfo'], delegations: [{ positionId: 'kadis.kominfo', kind: 'plh' }] }),
  kadis: person('p.kadis', { positionIds: ['kadis.kominfo'] }),
  sekda: person('p.sekda', { positionIds: ['sekda'] }),
  tu: person('p.tu', { roles: ['registrar'] }),
  arsiparis: person('p.arsiparis', { roles: ['archivist'] }),
  outsider: person('p.outsider', { roles: ['staf'], positionIds: ['staf.lain'] }),
  system: SYSTEM_ACTOR,
} satisfies Record<string, WorkflowActor>;

export const EVERYONE: WorkflowActor[] = Object.values(PEOPLE);

export const NOW = new Date('2026-04-06T08:00:00.000Z');

export interface FireOptions {
  comment?: string;
  asPositionId?: string;
  facts?: Partial<LetterFacts>;
  now?: Date;
}

const edgeName = (from: string, event: string, to: string) => `${from} --${event}--> ${to}`;

export class WorkflowWalk {
  private readonly exercised = new Set<string>();
  /** The first snapshot seen in each state. */
  readonly reached = new Map<string, WorkflowSnapshot>();

  constructor(
    readonly workflow: LoadedWorkflow,
    readonly facts: LetterFacts,
  ) {}

  factsWith(extra: Partial<LetterFacts> = {}): LetterFacts {
    return { ...this.facts, ...extra };
  }

  start(input: StartInput, actor: WorkflowActor, options: FireOptions = {}): TransitionSuccess {
    const result = start(this.workflow, input, { actor, facts: this.factsWith(options.facts), now: options.now ?? NOW });
    return this.expectSuccess(result, '$start');
  }

  /** Fires without recording: for refusals the spec expects. */
  attempt(snapshot: WorkflowSnapshot, event: string, actor: WorkflowActor, options: FireOptions = {}): TransitionResult {
    return transition(
      this.workflow,
      snapshot,
      { type: event, comment: options.comment, asPositionId: options.asPositionId },
      { actor, facts: this.factsWith(options.facts), now: options.now ?? NOW },
    );
  }

  /** Fires an event that must succeed, and records the edge it took. */
  fire(snapshot: WorkflowSnapshot, event: string, actor: WorkflowActor, options: FireOptions = {}): TransitionSuccess {
    const result = this.expectSuccess(this.attempt(snapshot, event, actor, options), event);
    this.exercised.add(edgeName(snapshot.state, event, result.snapshot.state));
    return result;
  }

  /** Names of the events `actor` may fire now. */
  allowed(snapshot: WorkflowSnapshot, actor: WorkflowActor, options: FireOptions = {}): string[] {
    const ctx = { actor, facts: this.factsWith(options.facts), now: options.now ?? NOW };
    return allowedEvents(this.workflow, snapshot, ctx).map((allowed) => allowed.event);
  }

  exercisedEdges(): string[] {
    return [...this.exercised].sort();
  }

  /** Every edge the definition allows, in the same notation as `exercisedEdges`. */
  definedEdges(): string[] {
    const edges = workflowEdges(this.workflow.definition).map((edge) => edgeName(edge.from, edge.event, edge.to));
    return [...new Set(edges)].sort();
  }

  private expectSuccess(result: TransitionResult, event: string): TransitionSuccess {
    if (!result.ok) throw new Error(`${this.workflow.key}: "${event}" was refused: ${result.code} ${result.reason}`);
    if (!this.reached.has(result.snapshot.state)) this.reached.set(result.snapshot.state, result.snapshot);
    return result;
  }
}

/** `entry:renderDocument`, `step:notify`...: actions in a form that reads well in assertions. */
export function actionNames(result: { actions: WorkflowActionRequest[] }): string[] {
  return result.actions.map((action) => `${action.trigger}:${action.name}`);
}
