import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { WORKFLOW_ACTION_NAMES } from './definition/workflow-actions.registry';
import { canonicalJson } from '../common/canonical-json';
import type { LoadedWorkflow, WorkflowDefinition } from '../records/workflow-definition.types';
import { loadWorkflowDirectory, restoreWorkflow } from './definition/workflow-directory.loader';
import { BUILT_IN_GUARDS, GuardRegistry } from './engine/workflow-guards.registry';
import { WorkflowError, WorkflowErrorCode } from './engine/workflow.errors';
import { WORKFLOW_PLUGIN, WorkflowPlugin } from './plugins/workflow-plugin';

export interface RegisteredWorkflow {
  /** Row id in workflow_definition. */
  id: string;
  workflow: LoadedWorkflow;
}

/**
 * The workflow files, validated at start-up (the server refuses to start on any problem),
 * each stored by hash so letters keep the definition they started with; and the plugins.
 */
@Injectable()
export class WorkflowRegistry implements OnModuleInit {
  private readonly logger = new Logger('Workflows');
  private readonly current = new Map<string, RegisteredWorkflow>();
  private readonly byId = new Map<string, RegisteredWorkflow>();
  private pluginList: WorkflowPlugin[] = [];
  private guardRegistry: GuardRegistry = BUILT_IN_GUARDS;

  constructor(
    private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    this.pluginList = this.discoverPlugins();
    this.guardRegistry = this.mergeGuards(this.pluginList);
    const dir = resolve(this.config.WORKFLOWS_DIR);
    const workflows = loadWorkflowDirectory(dir, { guards: Object.keys(this.guardRegistry), actions: WORKFLOW_ACTION_NAMES });
    for (const workflow of workflows) {
      const id = await this.store(workflow);
      const registered = { id, workflow };
      this.current.set(workflow.key, registered);
      this.byId.set(id, registered);
    }
    this.logger.log(`Loaded ${workflows.length} workflow(s) from ${dir}: ${workflows.map((w) => `${w.key} v${w.version}`).join(', ')}`);
  }

  get plugins(): readonly WorkflowPlugin[] {
    return this.pluginList;
  }

  /** The plugins whose beforeTransition hears `event`. */
  pluginsBefore(event: string): readonly WorkflowPlugin[] {
    return this.pluginList.filter((p) => p.beforeTransition && (!p.events || p.events.includes(event)));
  }

  get guards(): GuardRegistry {
    return this.guardRegistry;
  }

  /** The current definition of a workflow file, for new letters. */
  latest(key: string): RegisteredWorkflow | undefined {
    return this.current.get(key);
  }

  all(): RegisteredWorkflow[] {
    return [...this.current.values()];
  }

  /** The definition a letter started with, restored from the database when the file has changed since. */
  async definition(id: string): Promise<RegisteredWorkflow> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const [row] = (await this.db.query('SELECT definition FROM workflow_definition WHERE id = $1', [id])) as { definition: WorkflowDefinition }[];
    if (!row) throw new WorkflowError(WorkflowErrorCode.DEFINITION_INVALID, `Stored workflow definition ${id} is missing`);
    const registered = { id, workflow: restoreWorkflow(canonicalJson(row.definition), { guards: Object.keys(this.guardRegistry), actions: WORKFLOW_ACTION_NAMES }) };
    this.byId.set(id, registered);
    return registered;
  }

  private async store(workflow: LoadedWorkflow): Promise<string> {
    const [row] = await this.db.query(
      `INSERT INTO workflow_definition (key, version, hash, definition) VALUES ($1, $2, $3, $4)
       ON CONFLICT (hash) DO UPDATE SET hash = EXCLUDED.hash RETURNING id`,
      [workflow.key, workflow.version, workflow.hash, workflow.canonicalJson],
    );
    return row.id;
  }

  private discoverPlugins(): WorkflowPlugin[] {
    const plugins = this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.metatype && Reflect.getMetadata(WORKFLOW_PLUGIN, wrapper.metatype))
      .map((wrapper) => wrapper.instance as WorkflowPlugin);
    const names = plugins.map((p) => p.name);
    const twice = names.filter((n, i) => names.indexOf(n) !== i);
    if (twice.length > 0) throw new Error(`Two workflow plugins share the name ${twice.join(', ')}`);
    if (plugins.length > 0) this.logger.log(`Workflow plugins: ${names.join(', ')}`);
    return plugins;
  }

  private mergeGuards(plugins: WorkflowPlugin[]): GuardRegistry {
    const merged: Record<string, GuardRegistry[string]> = { ...BUILT_IN_GUARDS };
    for (const plugin of plugins) {
      for (const [name, guard] of Object.entries(plugin.guards ?? {})) {
        if (merged[name]) throw new Error(`Workflow plugin ${plugin.name} redefines the guard "${name}"`);
        merged[name] = guard;
      }
    }
    return merged;
  }
}
