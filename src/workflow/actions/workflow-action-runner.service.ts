import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query';
import { checkHandlers, discoverHandlers } from '../../common/discover-handlers';
import { describeError } from '../../common/logging/safe-error';
import { JobHandler } from '../../queue/job-handler.decorator';
import { JobPayloads } from '../../queue/jobs';
import { JOB_ACTION_NAMES, WORKFLOW_ACTION_NAMES, WorkflowActionName } from '../definition/workflow-actions.registry';
import { OutboxService } from '../outbox/outbox.service';
import { ActionRequest } from './action-context';
import { LetterEntity } from '../../records/letter.entity';
import { WORKFLOW_ACTION_KEY, WORKFLOW_ACTION_NEEDED_KEY } from './workflow-action.decorator';

/** A job's actions. Jobs queued before actions were grouped per transition carry one action each. */
export function transitionActions(payload: JobPayloads['workflow.action'] | ActionRequest): JobPayloads['workflow.action'] {
  return 'actions' in payload ? payload : { letterId: payload.letterId, seq: payload.seq, actions: [payload] };
}

type Handler = (request: ActionRequest, tx: EntityManager) => Promise<void>;
type NeedCheck = (letter: LetterEntity, manager: EntityManager) => Promise<boolean>;

/**
 * Runs the actions workflows request, after the transition committed. Every action a worker
 * may be asked to run (JOB_ACTION_NAMES) must have exactly one handler, or the server does not start.
 * Each action of an outbox event runs at most once: its completion is recorded.
 */
@Injectable()
export class WorkflowActionRunner implements OnModuleInit {
  private readonly logger = new Logger('WorkflowActions');
  private readonly handlers = new Map<string, Handler>();
  private readonly needChecks = new Map<string, NeedCheck>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    const found = discoverHandlers<WorkflowActionName>(this.discovery, this.scanner, this.reflector, WORKFLOW_ACTION_KEY);
    const problems = checkHandlers(found, JOB_ACTION_NAMES, 'action');
    const checks = discoverHandlers<WorkflowActionName>(this.discovery, this.scanner, this.reflector, WORKFLOW_ACTION_NEEDED_KEY);
    for (const name of new Set(checks.map((c) => c.key))) {
      const where = checks.filter((c) => c.key === name).map((c) => c.where);
      if (!WORKFLOW_ACTION_NAMES.includes(name)) problems.push(`${where.join(', ')} checks unknown action "${name}"`);
      if (where.length > 1) problems.push(`action "${name}" has ${where.length} need checks: ${where.join(', ')}`);
    }
    if (problems.length > 0) throw new Error(`Workflow action handlers are wrong:\n  ${problems.join('\n  ')}`);
    for (const f of found) this.handlers.set(f.key, f.handler as Handler);
    for (const c of checks) this.needChecks.set(c.key, c.handler as NeedCheck);
  }

  /** The after-commit actions of a transition that have something to do for `letter` (as the transition leaves it). */
  async needed<A extends { name: string }>(actions: A[], letter: LetterEntity, manager: EntityManager): Promise<A[]> {
    const kept: A[] = [];
    for (const action of actions) {
      const check = this.needChecks.get(action.name);
      if (!check || (await check(letter, manager))) kept.push(action);
    }
    return kept;
  }

  /**
   * The actions of one transition, in order, in one transaction with their completion marks.
   * If one fails, that transaction is undone and each action runs in its own instead, so the
   * others complete and only the failing one is retried (the job fails; its retry finds the
   * others marked done).
   */
  @JobHandler('workflow.action')
  async run(payload: JobPayloads['workflow.action'] | ActionRequest): Promise<void> {
    const job = transitionActions(payload);
    const handlers = job.actions.map((action) => {
      const handler = this.handlers.get(action.name);
      if (!handler) throw new Error(`No handler for workflow action ${action.name}`);
      return handler;
    });
    try {
      await this.db.transaction(async (tx) => {
        const claimed = await this.claim(tx, job.actions.map((a) => a.outboxId));
        for (const [i, action] of job.actions.entries()) if (claimed.has(action.outboxId)) await handlers[i](action, tx);
      });
    } catch (err) {
      if (job.actions.length === 1) throw err;
      this.logger.warn(`Actions of letter ${job.letterId} (#${job.seq}) failed together; running them one by one: ${describeError(err)}`);
      const failures: Error[] = [];
      for (const [i, action] of job.actions.entries()) {
        await this.db
          .transaction(async (tx) => {
            if ((await this.claim(tx, [action.outboxId])).size > 0) await handlers[i](action, tx);
          })
          .catch((e: Error) => failures.push(e));
      }
      if (failures.length > 0) throw failures[0];
    }
    // Actions may have added outbox events (emitWebhook, dispatch): relay them now, not at the next poll.
    this.outbox.kick();
    this.logger.debug(`${job.actions.map((a) => a.name).join(', ')} done for letter ${job.letterId} (#${job.seq})`);
  }

  /**
   * Marks actions done in `tx`; returns those this call marked. The marks commit with the
   * actions' own writes, so a retried job whose actions already completed does nothing.
   */
  private async claim(tx: EntityManager, outboxIds: string[]): Promise<Set<string>> {
    const rows = await preparedQuery<{ outbox_id: string }>(
      tx,
      'INSERT INTO workflow_action_done (outbox_id) SELECT unnest($1::bigint[]) ON CONFLICT DO NOTHING RETURNING outbox_id',
      [outboxIds],
    );
    return new Set(rows.map((r) => String(r.outbox_id)));
  }
}
