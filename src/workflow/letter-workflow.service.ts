import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ModulePrincipal, PersonPrincipal } from '../records/principal';
import { AppAbility, principalOf } from '../authz/ability.factory';
import { LetterAccessRepository } from '../letters/access/letter-access.repository';
import { AppConfig } from '../config/app-config';
import { AuditAction, AuditService } from '../audit/audit.service';
import { ConcurrencyGate } from '../common/concurrency-gate';
import { AppError, CommonError, CommonErrorCode } from '../common/errors/app-error';
import { preparedQuery } from '../database/prepared-query';
import { LetterEntity, LetterKind } from '../records/letter.entity';
import { letterFromRow } from '../records/letter-row';
import type { LoadedWorkflow } from '../records/workflow-definition.types';
import { allowedEvents, AllowedEvent, pendingAssignees, start, transition } from './engine/workflow-interpreter';
import {
  LetterFacts,
  RoutePlans,
  SYSTEM_ACTOR,
  TransitionSuccess,
  WorkflowActor,
  WorkflowSnapshot,
} from '../records/workflow-snapshot.types';
import { AllowedActor, describeAllowed } from './engine/actor-matcher';
import { TransitionRefusal, WorkflowError, WorkflowErrorCode } from './engine/workflow.errors';
import { LetterError } from '../letters/access/letters.errors';
import { notificationsFor, splitActions } from './actions/transition-records';
import { WorkflowActionRunner } from './actions/workflow-action-runner.service';
import { OutboxEventInput, OutboxService, RECORD_ONLY_EVENTS } from './outbox/outbox.service';
import { AssignmentKind } from '../records/letter-assignment.entity';
import { LetterCreation, NewLetterColumns, transitionStatement, TransitionWrite } from './persistence/transition-statement';
import type { FireInput } from './fire-input';
import { WorkflowRegistry } from './workflow-registry.service';

/** The actor id under which a module drafts and cancels its approval requests. */
export const moduleActorId = (moduleId: string) => `module:${moduleId}`;

/** Who fires an event: a person, another SIM module (its approval requests), or the system (deadlines). */
export type Caller = { kind: 'person'; principal: PersonPrincipal } | { kind: 'module'; principal: ModulePrincipal } | { kind: 'system' };

export interface ParticipantRow {
  position_id: string;
  role: string;
}

/** The state of a new letter before its start event (never written: the `$start` transition leaves it in the same statement). */
const NEW_STATE = '$new';

/**
 * A letter that `create` inserts together with its start: its own columns, the positions its
 * route and addressees name, the participants its creator names (beside the route's), and the
 * creator's own parts of the statement (an approval's request row and Idempotency-Key).
 */
export interface NewLetter {
  id: string;
  columns: NewLetterColumns;
  /** Every position must exist; every signer position must be able to sign. */
  positions: { all: string[]; signers: string[] };
  /** Participants the creator names (addressees, the drafter), in their order; the route's are added. */
  participants?: { positionId: string; role: string; ordinal: number }[];
  parts?: Pick<LetterCreation, 'before' | 'requires' | 'after'>;
}

/**
 * Why a creating statement wrote nothing: route positions that do not exist (in the order
 * given) or may not sign; both empty when a condition of the creator's own parts failed
 * (an Idempotency-Key already used).
 */
export interface CreateRefusal {
  missingPositionIds: string[];
  unableSigners: { id: string; name: string }[];
}

export type Created = { letter: LetterEntity; result: TransitionSuccess; actorLabel: string; refusal?: undefined } | { refusal: CreateRefusal };

/** Work a plugin asked for should the transition's transaction roll back (see BeforeTransitionContext.onRollback). */
type RollbackWork = () => Promise<void>;

type Participant = { positionId: string; role: string; ordinal: number };

/**
 * Runs letters through their workflows. A transition is atomic: check the version, authorize,
 * ask the plugins, apply the event with the pure interpreter, then write the letter, its
 * history row, its inbox assignments, its deadlines, the records of its in-transition actions
 * (notifications, a module's webhook event) and its outbox events in one statement that
 * applies only at the version read (in a transaction when plugins take part). The other
 * actions run after the commit: the outbox relay queues their jobs.
 */
@Injectable()
export class LetterWorkflowService {
  private readonly logger = new Logger('Workflow');
  /** Participant rows loaded with a letter object, so one request reads them once. */
  private readonly participantMemo = new WeakMap<LetterEntity, ParticipantRow[]>();
  /** Per transition written: whether it left events for the relay, so the relay is woken only then. */
  private readonly queued = new WeakMap<TransitionSuccess, boolean>();

  /** Transitions whose plugins work inside the transaction (signing), at most this many at once. */
  private readonly pluginTransactions: ConcurrencyGate;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: WorkflowRegistry,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly actions: WorkflowActionRunner,
    private readonly audit: AuditService,
    private readonly access: LetterAccessRepository,
  ) {
    this.pluginTransactions = new ConcurrencyGate(
      config.SIGNING_CONCURRENCY || (config.SIGNING_PROVIDER === 'local' ? Math.min(2, config.DB_POOL_SIZE) : Math.max(1, Math.floor(config.DB_POOL_SIZE / 2))),
      config.SIGNING_QUEUE_TIMEOUT_MS,
      () => new AppError(CommonErrorCode.SERVER_BUSY, 'Too many signatures are waiting: try again shortly', HttpStatus.SERVICE_UNAVAILABLE, { retryAfterSeconds: 5 }),
    );
  }

  /**
   * The one way to create a letter: inserts it and fires its start in one statement (in
   * `manager`'s transaction, if it has one), already in its first state, with everything the
   * start writes and the rows its creator adds. The insert happens only if every position named
   * exists, every signer may sign, and the creator's own conditions hold (an Idempotency-Key
   * still free): else nothing is written and the statement's row says why (`refusal`).
   */
  async create(manager: EntityManager, create: NewLetter, caller: Exclude<Caller, { kind: 'system' }>, routes: RoutePlans): Promise<Created> {
    const registered = this.registry.latest(create.columns.workflow_key);
    if (!registered) throw CommonError.validation(`Unknown workflow ${create.columns.workflow_key}`);
    const letter = this.toLetter({ ...create.columns, id: create.id, state: NEW_STATE, snapshot: {}, version: 1, done: false });
    const known: ParticipantRow[] = (create.participants ?? []).map((p) => ({ position_id: p.positionId, role: p.role }));
    const facts = await this.facts(manager, letter, known);
    const result = start(registered.workflow, { routes }, { actor: this.actor(caller), facts, now: new Date() }, this.registry.guards);
    if (!result.ok) throw WorkflowError.fromRefusal(result);
    const written = await this.persist(manager, letter, registered.workflow, result, caller, {
      expectedVersion: 1,
      participants: [...(create.participants ?? []), ...this.routeParticipants(result.snapshot)],
      known,
      create: { columns: create.columns, positions: create.positions, ...create.parts },
    });
    if (written.refusal) return { refusal: written.refusal };
    return { letter: written.letter, actorLabel: written.actorLabel, result };
  }

  /**
   * Applies an event for another SIM module (e.g. cancelling its own approval request).
   * The caller has already checked that the letter belongs to the module.
   */
  async fireAsModule(letterId: string, input: FireInput, principal: ModulePrincipal): Promise<{ letter: LetterEntity; result: TransitionSuccess }> {
    const outcome = await this.transact(async (tx, onRollback) => {
      const letter = await tx.findOne(LetterEntity, { where: { id: letterId } });
      if (!letter || letter.moduleId !== principal.moduleId) throw LetterError.notFound(letterId);
      if (letter.version !== input.version) throw this.versionConflict(letter.version);
      return this.apply(tx, letter, input, { kind: 'module', principal }, onRollback);
    });
    await this.afterCommit(outcome.letter, outcome.result);
    return outcome;
  }

  /** Applies an event for a person through the API. */
  async fire(letterId: string, input: FireInput, principal: PersonPrincipal, ability: AppAbility): Promise<{ letter: LetterEntity; result: TransitionSuccess }> {
    const caller: Caller = { kind: 'person', principal };
    const run = async (manager: EntityManager, onRollback: RollbackWork[]) => {
      // In a transaction the row is locked as it is read, so the version checked here holds
      // until commit: a sign that lost the race answers 409 at once instead of rendering and
      // signing a document only to fail at the write.
      const letter = await this.loadVisible(manager, letterId, ability, { lock: manager.queryRunner !== undefined });
      if (letter.version !== input.version) throw this.versionConflict(letter.version);
      const participants = this.participantMemo.get(letter);
      const done = await this.apply(manager, letter, input, caller, onRollback, participants);
      // A transition changes no participants: the new letter object keeps the rows.
      if (participants) this.participantMemo.set(done.letter, participants);
      return done;
    };
    // With no plugin to hear the event, the transition is one read and one write statement. The
    // write is atomic on its own and applies only at the version read (else 409), so an explicit
    // transaction would add two round trips and no safety. Plugins write in the transition's
    // transaction (signature, number), so their events get one.
    const outcome =
      this.registry.pluginsBefore(input.event).length > 0 ? await this.pluginTransactions.run(() => this.transact(run)) : await run(this.db.manager, []);
    await this.afterCommit(outcome.letter, outcome.result);
    return outcome;
  }

  /**
   * Runs a caller's own writes and the workflow event they call for, if any, as one transaction
   * on the locked letter: `work` runs first (participants it adds count as facts) and names the
   * event to fire for the person at the letter's current version, or null for none; `after` runs
   * last, once the transition is written. Used where the event follows from other records
   * (dispositions) rather than from a version the caller saw.
   */
  async fireWith(
    letterId: string,
    principal: PersonPrincipal,
    ability: AppAbility,
    work: (tx: EntityManager, letter: LetterEntity) => Promise<Omit<FireInput, 'version'> | null>,
    after?: (tx: EntityManager) => Promise<void>,
  ): Promise<{ letter: LetterEntity; result?: TransitionSuccess }> {
    const outcome = await this.transact(async (tx, onRollback) => {
      const letter = await this.loadVisible(tx, letterId, ability, { lock: true });
      const input = await work(tx, letter);
      const done = input
        ? await this.apply(tx, letter, { ...input, version: letter.version }, { kind: 'person', principal }, onRollback)
        : { letter, result: undefined };
      await after?.(tx);
      return done;
    });
    if (outcome.result) await this.afterCommit(outcome.letter, outcome.result);
    return outcome;
  }

  /**
   * Fires a deadline's event as the system, if the letter is still in the state that set
   * it. Returns false when there is nothing to do (already fired, or the letter moved on).
   */
  async fireDeadline(deadlineId: string): Promise<boolean> {
    const outcome = await this.transact(async (tx, onRollback) => {
      const [deadline] = await tx.query(
        `SELECT id, letter_id, state, event FROM letter_deadline WHERE id = $1 AND fired_at IS NULL AND cancelled_at IS NULL FOR UPDATE`,
        [deadlineId],
      );
      if (!deadline) return undefined;
      const letter = await tx.findOne(LetterEntity, { where: { id: deadline.letter_id } });
      if (!letter || letter.state !== deadline.state || letter.snapshot.deadline?.id !== deadlineId.slice(letter.id.length + 1)) {
        await tx.query(`UPDATE letter_deadline SET cancelled_at = now() WHERE id = $1`, [deadlineId]);
        return undefined;
      }
      const done = await this.apply(tx, letter, { event: deadline.event, version: letter.version }, { kind: 'system' }, onRollback);
      await tx.query(`UPDATE letter_deadline SET fired_at = now() WHERE id = $1`, [deadlineId]);
      return done;
    });
    if (!outcome) return false;
    await this.afterCommit(outcome.letter, outcome.result);
    return true;
  }

  /**
   * A transition's transaction. When it rolls back, the work plugins registered for that case
   * runs after the transaction's connection is released, never beside it (a second pool
   * connection held inside a transaction is how a pool deadlocks).
   */
  private async transact<T>(work: (tx: EntityManager, onRollback: RollbackWork[]) => Promise<T>): Promise<T> {
    const onRollback: RollbackWork[] = [];
    try {
      return await this.db.transaction((tx) => work(tx, onRollback));
    } catch (err) {
      for (const undo of onRollback) {
        await undo().catch((failure: unknown) => this.logger.error({ err: failure }, 'Work after a rolled-back transition failed'));
      }
      throw err;
    }
  }

  /** The events the caller may fire on the letter now. */
  async allowedFor(letter: LetterEntity, principal: PersonPrincipal): Promise<AllowedEvent[]> {
    const registered = await this.registry.definition(letter.workflowDefinitionId);
    const facts = await this.facts(this.db.manager, letter, this.participantMemo.get(letter));
    return allowedEvents(registered.workflow, letter.snapshot, { actor: this.actor({ kind: 'person', principal }), facts, now: new Date() }, this.registry.guards);
  }

  /**
   * Loads a letter the caller may see; a letter the caller may not see does not exist for them.
   * A thin delegate to the one visibility rule (letters/access): the letter and its
   * participants in one round trip, every transition starts here.
   */
  async loadVisible(manager: EntityManager, letterId: string, ability: AppAbility, options: { lock?: boolean } = {}): Promise<LetterEntity> {
    const row = await this.access.loadVisible(manager, letterId, principalOf(ability), options);
    if (!row) throw LetterError.notFound(letterId);
    const letter = this.toLetter(row);
    this.participantMemo.set(letter, row.participants);
    return letter;
  }

  /** A letter row as read by SQL (snake_case columns) turned into the entity. */
  toLetter(row: Record<string, unknown>): LetterEntity {
    return letterFromRow(this.db.manager, row);
  }

  /** The participant rows read by loadVisible for this letter object, if it came from there. */
  participantsOf(letter: LetterEntity): readonly ParticipantRow[] | undefined {
    return this.participantMemo.get(letter);
  }

  /** Positions that may see the letter; recipients and tembusan only once it was delivered to them. */
  async participantPositions(manager: EntityManager, letterId: string): Promise<string[]> {
    const rows: { position_id: string }[] = await manager.query(
      `SELECT DISTINCT lp.position_id FROM letter_participant lp JOIN letter l ON l.id = lp.letter_id
        WHERE lp.letter_id = $1 AND (lp.role NOT IN ('recipient', 'tembusan') OR l.delivered_at IS NOT NULL)`,
      [letterId],
    );
    return rows.map((r) => r.position_id);
  }

  /**
   * A refusal's reason with its people and positions named as users know them (the pure
   * interpreter only has their ids, which stay in the error's details).
   */
  private async inWords(tx: EntityManager, refusal: TransitionRefusal): Promise<string> {
    const details = refusal.details as { personId?: string; event?: string; allowed?: AllowedActor[] } | undefined;
    if (refusal.code !== WorkflowErrorCode.ACTOR_NOT_ALLOWED || !details?.allowed || !details.personId) return refusal.reason;
    const positionIds = [...new Set(details.allowed.flatMap((a) => ('positionIds' in a ? a.positionIds : [])))];
    const [person] = await tx.query('SELECT name FROM person WHERE id = $1', [details.personId]);
    const positions: { id: string; name: string }[] = positionIds.length ? await tx.query('SELECT id, name FROM position WHERE id = ANY($1::uuid[])', [positionIds]) : [];
    const names = new Map(positions.map((p) => [p.id, p.name]));
    return `${person?.name ?? 'This person'} may not fire "${details.event}" now; allowed: ${describeAllowed(details.allowed, (id) => names.get(id) ?? id)}`;
  }

  private async apply(
    tx: EntityManager,
    letter: LetterEntity,
    input: FireInput,
    caller: Caller,
    onRollback: RollbackWork[],
    participants?: readonly ParticipantRow[],
  ): Promise<{ letter: LetterEntity; result: TransitionSuccess }> {
    const registered = await this.registry.definition(letter.workflowDefinitionId);
    const facts = await this.facts(tx, letter, participants);
    const result = transition(
      registered.workflow,
      letter.snapshot,
      { type: input.event, comment: input.comment, asPositionId: input.asPositionId },
      { actor: this.actor(caller), facts, now: new Date() },
      this.registry.guards,
    );
    if (!result.ok) throw WorkflowError.fromRefusal(result, await this.inWords(tx, result));

    for (const plugin of this.registry.pluginsBefore(input.event)) {
      const verdict = await plugin.beforeTransition?.({
        letter,
        event: input.event,
        input: { event: input.event, version: input.version, comment: input.comment, asPositionId: input.asPositionId },
        own: input.pluginInput?.[plugin.name],
        to: result.snapshot.state,
        actor: caller.kind === 'system' ? 'system' : caller.principal,
        manager: tx,
        at: new Date(result.history.at),
        onRollback: (work) => onRollback.push(work),
      });
      if (verdict && 'refuse' in verdict) {
        throw new WorkflowError(WorkflowErrorCode.PLUGIN_REFUSED, verdict.refuse, { plugin: plugin.name });
      }
    }
    const written = await this.persist(tx, letter, registered.workflow, result, caller, { expectedVersion: input.version });
    if (written.refusal) throw new Error('A transition of an existing letter cannot be refused by its statement');
    return { letter: written.letter, result };
  }

  /**
   * Writes everything a transition changes, in the caller's transaction, as one statement of
   * named parts (persistence/transition-statement.ts) with the parts plugins add to it (a
   * module's webhook event). With `create`, the statement also inserts the letter.
   */
  private async persist(
    tx: EntityManager,
    letter: LetterEntity,
    workflow: LoadedWorkflow,
    result: TransitionSuccess,
    caller: Caller,
    mode: { expectedVersion: number; participants?: Participant[]; known?: readonly ParticipantRow[]; create?: LetterCreation },
  ): Promise<{ letter: LetterEntity; actorLabel: string; refusal?: undefined } | { refusal: CreateRefusal }> {
    const { snapshot, history } = result;
    const next = Object.assign(new LetterEntity(), letter, { state: snapshot.state, snapshot, done: snapshot.done });
    const assignments = await this.assignmentsFor(tx, next, workflow, mode.known);
    const { cancel, set } = result.deadlines;
    const setId = set ? `${letter.id}:${set.id}` : null;
    const split = splitActions(result.actions);
    const inTransition = split.inTransition;
    // An after-commit action with nothing to do for the letter as it now is (a draft already
    // rendered from the same content) is not queued.
    const afterCommit = await this.actions.needed(split.afterCommit, next, tx);
    const actorLabel = await this.actorLabel(tx, caller, history.actedAs.positionId, history.actedAs.capacity);
    const events: OutboxEventInput[] = [
      ...(set ? [{ letterId: letter.id, type: 'deadline.scheduled', payload: { deadlineId: setId, dueAt: set.dueAt } }] : []),
      {
        letterId: letter.id,
        type: 'letter.transitioned',
        payload: {
          letterId: letter.id,
          kind: letter.kind,
          workflow: snapshot.workflow.key,
          event: history.event,
          from: history.from,
          to: history.to,
          seq: history.seq,
          actorPersonId: caller.kind === 'person' ? caller.principal.personId : null,
        },
      },
      ...afterCommit.map((action) => ({ letterId: letter.id, type: 'workflow.action', payload: { letterId: letter.id, seq: history.seq, ...action } })),
    ];
    // The in-transition actions' records of other modules (a module's webhook event and its
    // outbox event), written in this statement so they commit with the transition or not at all.
    const writes: TransitionWrite[] = [];
    for (const plugin of this.registry.plugins) {
      const write = plugin.writeInTransition?.({ letter, snapshot, history, actorLabel, actions: inTransition, creating: mode.create !== undefined });
      if (write) writes.push(write);
    }
    const statement = transitionStatement(
      {
        letterId: letter.id,
        snapshot,
        expectedVersion: mode.expectedVersion,
        // A new letter is inserted at version 1, its start included.
        versionIncrement: mode.create ? 0 : 1,
        history,
        actor: {
          personId: caller.kind === 'person' ? caller.principal.personId : null,
          name: caller.kind === 'person' ? caller.principal.name : caller.kind === 'module' ? caller.principal.moduleName : null,
          label: actorLabel,
        },
        deadlines: { cancelId: cancel ? `${letter.id}:${cancel.id}` : null, set: set ? { id: setId!, state: set.state, event: set.event, dueAt: set.dueAt } : null },
        assignments,
        outbox: events,
        recordOnly: [...RECORD_ONLY_EVENTS],
        participants: mode.participants ?? [],
        notifications: notificationsFor(inTransition, letter, assignments),
        audit: this.audit.body({
          action: AuditAction.Transition,
          actor: caller.kind === 'person' ? { type: 'person', id: caller.principal.personId } : caller.kind === 'module' ? { type: 'module', id: caller.principal.moduleId } : { type: 'system', id: null },
          object: { type: 'letter', id: letter.id },
          letterId: letter.id,
          at: new Date(history.at),
          // The history row's facts, so an edited history shows against the trail; never the comment.
          details: {
            workflow: snapshot.workflow.key,
            historySeq: history.seq,
            event: history.event,
            from: history.from,
            to: history.to,
            actedAsPositionId: history.actedAs.positionId ?? null,
            capacity: history.actedAs.capacity ?? null,
            revision: history.revision,
          },
        }),
      },
      writes,
      mode.create,
    );
    const [row] = await preparedQuery(tx, statement.sql, [...statement.parameters]);
    // A new letter's statement wrote nothing: its row says which check stopped it.
    if (mode.create && !row.id) return { refusal: { missingPositionIds: row.missing_position_ids ?? [], unableSigners: row.unable_signers ?? [] } };
    // A concurrent transition committed first: this one was computed from a stale snapshot.
    if (!row) throw this.versionConflict();
    // Its audit entry is written; it joins the chain once this transaction commits.
    await this.audit.chainAfterCommit(tx, row.audit_pending_id);
    // The row as written, including what plugins wrote in this transaction (number, signed document).
    // A plugin that heard the event may have written outbox events of its own in the transaction.
    this.queued.set(result, row.relay_work || events.some((e) => !RECORD_ONLY_EVENTS.has(e.type)) || this.registry.pluginsBefore(history.event).length > 0);
    return { letter: this.toLetter(row), actorLabel };
  }

  private async assignmentsFor(tx: EntityManager, letter: LetterEntity, workflow: LoadedWorkflow, known?: readonly ParticipantRow[]): Promise<{ positionId: string; kind: AssignmentKind }[]> {
    const snapshot: WorkflowSnapshot = letter.snapshot;
    if (snapshot.done) return [];
    const state = workflow.definition.states[snapshot.state];
    if (state.route) {
      const kind = state.route === 'signers' ? AssignmentKind.Sign : letter.kind === LetterKind.Approval ? AssignmentKind.Approve : AssignmentKind.Review;
      return pendingAssignees(workflow, snapshot).map((positionId) => ({ positionId, kind }));
    }
    if (snapshot.returned && letter.drafterPositionId) return [{ positionId: letter.drafterPositionId, kind: AssignmentKind.Revise }];
    // Outside routes, the positions the letter names act on it (the addressee disposes an incoming letter).
    const named = new Set<string>();
    for (const spec of Object.values(workflow.definition.events)) {
      if (!spec.from.includes(snapshot.state)) continue;
      for (const clause of spec.by) if (clause.kind === 'positionOf') named.add(clause.fact);
    }
    if (named.size === 0) return [];
    const facts = await this.facts(tx, letter, known);
    const kind = letter.kind === LetterKind.Incoming ? AssignmentKind.Dispose : AssignmentKind.Read;
    return [...named].flatMap((fact) => [facts.positions?.[fact] ?? []].flat()).map((positionId) => ({ positionId, kind }));
  }

  /** Route positions take part in the letter, so they may see it. */
  private routeParticipants(snapshot: WorkflowSnapshot): Participant[] {
    const rows: Participant[] = [];
    for (const step of snapshot.routes.reviewers.steps) for (const positionId of step.positionIds) rows.push({ positionId, role: 'reviewer', ordinal: 0 });
    for (const step of snapshot.routes.signers.steps) for (const positionId of step.positionIds) rows.push({ positionId, role: 'signer', ordinal: 0 });
    return rows;
  }

  /** What guards and `by` clauses know about the letter, from its row and participants. */
  private async facts(manager: EntityManager, letter: LetterEntity, known?: readonly ParticipantRow[]): Promise<LetterFacts> {
    const participants: readonly ParticipantRow[] = known ?? (await preparedQuery(manager, 'SELECT position_id, role FROM letter_participant WHERE letter_id = $1', [letter.id]));
    const of = (role: string) => participants.filter((p) => p.role === role).map((p) => p.position_id);
    const externalRecipients = Array.isArray(letter.body?.externalRecipients) ? (letter.body.externalRecipients as unknown[]).length : 0;
    return {
      drafterPersonId: letter.moduleId ? moduleActorId(letter.moduleId) : (letter.drafterPersonId ?? ''),
      urgency: letter.urgency,
      hasPdf: Boolean(letter.body?.hasPdf),
      internalRecipientCount: of('recipient').length,
      externalRecipientCount: externalRecipients,
      positions: { addressee: of('addressee'), recipients: of('recipient'), dispositionRecipients: of('disposition') },
    };
  }

  private actor(caller: Caller): WorkflowActor {
    if (caller.kind === 'system') return SYSTEM_ACTOR;
    // A module acts as its own drafter identity: it may fire drafter events (cancel) on its requests only.
    if (caller.kind === 'module') return { personId: moduleActorId(caller.principal.moduleId), roles: ['module'], positionIds: [], delegations: [] };
    const p = caller.principal;
    return {
      personId: p.personId,
      roles: p.roles,
      positionIds: p.positions.map((x) => x.positionId),
      delegations: p.delegations.map((d) => ({ positionId: d.positionId, kind: d.kind })),
    };
  }

  /** "Dewi Kartikasari (sekdis.kominfo) sebagai Plh. Kepala Dinas Komunikasi dan Informatika". */
  private async actorLabel(tx: EntityManager, caller: Caller, positionId?: string, capacity?: string): Promise<string> {
    if (caller.kind === 'system') return 'Sistem';
    if (caller.kind === 'module') return `Modul ${caller.principal.moduleName}`;
    const who = `${caller.principal.name} (${caller.principal.username})`;
    if (!positionId) return who;
    const known = [...caller.principal.positions, ...caller.principal.delegations].find((p) => p.positionId === positionId);
    const name = known?.positionName ?? (await tx.query('SELECT name FROM position WHERE id = $1', [positionId]))[0]?.name ?? positionId;
    const prefix = capacity === 'plh' ? 'Plh. ' : capacity === 'plt' ? 'Plt. ' : '';
    return `${who} sebagai ${prefix}${name}`;
  }

  private versionConflict(current?: number): AppError {
    return CommonError.conflict(
      CommonErrorCode.VERSION_CONFLICT,
      'The letter changed since you loaded it; reload it and try again',
      current === undefined ? undefined : { currentVersion: current },
    );
  }

  /** Whether a transition written by this service left events for the relay (a deadline, an after-commit action, a webhook). */
  queuedWork(result: TransitionSuccess): boolean {
    return this.queued.get(result) ?? true;
  }

  private async afterCommit(letter: LetterEntity, result: TransitionSuccess): Promise<void> {
    if (this.queuedWork(result)) this.outbox.kick();
    for (const plugin of this.registry.plugins) {
      if (!plugin.afterTransition) continue;
      try {
        await plugin.afterTransition({ letter, event: result.history.event, from: result.history.from, to: result.history.to, result });
      } catch (err) {
        this.logger.error({ err, plugin: plugin.name, letterId: letter.id }, 'afterTransition failed');
      }
    }
  }
}
