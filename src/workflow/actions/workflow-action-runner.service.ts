import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query';
import { checkHandlers, discoverHandlers } from '../../common/discover-handlers';
import { JobHandler } from '../../queue/job-handler.decorator';
import { JobPayloads } from '../../queue/jobs';
import { WORKFLOW_ACTION_NAMES, WorkflowActionName } from '../definition/workflow-actions.registry';
import { ActionRequest } from './action-context';
import { WORKFLOW_ACTION_KEY } from './workflow-action.decorator';

type Handler = (request: ActionRequest, tx: EntityManager) => Promise<void>;

/**
 * Runs the actions workflows request, after the transition committed. Every action name
 * a workflow file may use must have exactly one handler, or the server does not start.
 * Each action of an outbox event runs at most once: its completion is recorded.
 */
@Injectable()
export class WorkflowActionRunner implements OnModuleInit {
  private readonly logger = new Logger('WorkflowActions');
  private readonly handlers = new Map<string, Handler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    const found = discoverHandlers<WorkflowActionName>(this.discovery, this.scanner, this.reflector, WORKFLOW_ACTION_KEY);
    const problems = checkHandlers(found, WORKFLOW_ACTION_NAMES, 'action');
    if (problems.length > 0) throw new Error(`Workflow action handlers are wrong:\n  ${problems.join('\n  ')}`);
    for (const f of found) this.handlers.set(f.key, f.handler as Handler);
  }

  @JobHandler('workflow.action')
  async run(request: JobPayloads['workflow.action']): Promise<void> {
    const handler = this.handlers.get(request.name);
    if (!handler) throw new Error(`No handler for workflow action ${request.name}`);
    // The completion mark and the action's own writes commit together, so a retried job
    // whose action already completed finds the mark and does nothing.
    await this.db.transaction(async (tx) => {
      const claimed = await preparedQuery(tx, 'INSERT INTO workflow_action_done (outbox_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING outbox_id', [request.outboxId]);
      if (claimed.length === 0) return;
      await handler(request, tx);
    });
    this.logger.debug(`${request.name} done for letter ${request.letterId} (#${request.seq})`);
  }
}
