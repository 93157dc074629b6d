import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ModulePrincipal, PersonPrincipal } from '../../records/principal';
import type { LetterEntity } from '../../records/letter.entity';
import type { WorkflowGuard } from '../engine/workflow-guards.registry';
import type { TransitionSuccess, WorkflowActionRequest, WorkflowHistoryEntry, WorkflowSnapshot } from '../../records/workflow-snapshot.types';
import type { FireInput } from '../fire-input';
import type { TransitionWrite } from '../persistence/transition-statement';

export const WORKFLOW_PLUGIN = 'esurat:workflow-plugin';

/** Marks a provider as a workflow plugin; the engine discovers every one at start-up. */
export const WorkflowPluginProvider = () => SetMetadata(WORKFLOW_PLUGIN, true);

export interface BeforeTransitionContext {
  letter: Readonly<LetterEntity>;
  event: string;
  /** The event as the caller sent it: note and position acted as. */
  input: Readonly<Omit<FireInput, 'pluginInput'>>;
  /** What the caller sent for this plugin (FireInput.pluginInput under its name), e.g. a signing credential: never store or log it. */
  own: unknown;
  /** The state the letter will be in if the transition goes ahead. */
  to: string;
  actor: Readonly<PersonPrincipal> | Readonly<ModulePrincipal> | 'system';
  /** The open transaction: read through it to see the same data as the transition. */
  manager: EntityManager;
  /** When the transition happens, as its history row records it (e.g. the signing instant a number is dated at). */
  at: Date;
  /**
   * Work to do only if the transition's transaction rolls back, such as counting a wrong
   * passphrase that must stay counted although nothing else of the attempt is kept. It runs
   * after the transaction's connection is released. Inside the transaction, every read and
   * write goes through `manager`: another pool connection taken there fails at once.
   */
  onRollback: (work: () => Promise<void>) => void;
}

/** What a plugin knows when it adds rows of its own to the transition's statement. */
export interface InTransitionWriteContext {
  /** The letter as it was read, before the transition. */
  letter: Readonly<LetterEntity>;
  snapshot: Readonly<WorkflowSnapshot>;
  history: Readonly<WorkflowHistoryEntry>;
  /** The actor as the history row names them. */
  actorLabel: string;
  /** The in-transition actions the workflow asked for (notify, requestSignature, emitWebhook). */
  actions: readonly WorkflowActionRequest[];
  /**
   * The statement also inserts the letter (its start): rows its creator writes in the same
   * statement are read from the creator's parts, not from their tables, which do not show them yet.
   */
  creating: boolean;
}

export interface AfterTransitionContext {
  letter: Readonly<LetterEntity>;
  event: string;
  from: string | null;
  to: string;
  result: Readonly<TransitionSuccess>;
}

/**
 * An in-process extension of the workflow engine (for modules that run inside the server).
 *
 * - `beforeTransition` runs inside the transition's database transaction, before anything is
 *   written. Returning `{ refuse: reason }` stops the transition; the API answers 422
 *   `PLUGIN_REFUSED` with the reason. Throwing an AppError aborts the transition with that
 *   error (the signing plugin's WRONG_PASSPHRASE); any other throw is a bug (500).
 * - `afterTransition` runs after the commit. It cannot undo the transition; its errors are
 *   logged, never returned to the caller. Work that must not be lost belongs in an outbox
 *   action, not here.
 * - `writeInTransition` adds parts to the transition's one statement (after the letter row
 *   `letter_row`, which each part selects from): rows that commit with the transition or not at
 *   all, such as a module's webhook event. It is called for every transition and must not do I/O.
 * - `events` narrows `beforeTransition` to the events it names.
 * - `guards` adds named guards that workflow files may use.
 */
export interface WorkflowPlugin {
  readonly name: string;
  /**
   * The events whose `beforeTransition` this plugin needs; leave it out to hear every event.
   * A transition no plugin listens to skips the explicit transaction: its one write statement
   * is atomic on its own and checks the version.
   */
  readonly events?: readonly string[];
  beforeTransition?(ctx: BeforeTransitionContext): Promise<void | { refuse: string }>;
  afterTransition?(ctx: AfterTransitionContext): Promise<void>;
  writeInTransition?(ctx: InTransitionWriteContext): TransitionWrite | undefined;
  guards?: Readonly<Record<string, WorkflowGuard>>;
}
