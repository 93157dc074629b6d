import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowDefinitionError } from '../engine/workflow.errors';
import { toLoadedWorkflow } from './loaded-workflow';
import type { KnownNames, LoadedWorkflow, WorkflowDefinition } from '../../records/workflow-definition.types';
import { checkWorkflowSemantics, formatPath } from './workflow-semantics.validator';
import { BUILT_IN_NAMES, parseWorkflowSource, WORKFLOW_FILE_EXTENSION } from './workflow-source.validator';

/** The guard and action names the server has handlers for; built-ins when omitted. */
export type WorkflowLoadOptions = Partial<KnownNames>;

export interface WorkflowDirectoryReport {
  /** Valid definitions, sorted by key. */
  workflows: LoadedWorkflow[];
  /** Each as `<file>: <reason>`. */
  problems: string[];
}

const knownNames = (options: WorkflowLoadOptions): KnownNames => ({
  guards: options.guards ?? BUILT_IN_NAMES.guards,
  actions: options.actions ?? BUILT_IN_NAMES.actions,
});

/** Checks every *.yaml file of `dir` and reports both the valid ones and all problems. */
export function inspectWorkflowDirectory(dir: string, options: WorkflowLoadOptions = {}): WorkflowDirectoryReport {
  let files: string[];
  try {
    files = readdirSync(dir).filter((name) => name.endsWith(WORKFLOW_FILE_EXTENSION)).sort();
  } catch (error) {
    return { workflows: [], problems: [`${dir}: cannot read the workflow directory (${(error as NodeJS.ErrnoException).code})`] };
  }
  if (files.length === 0) {
    return { workflows: [], problems: [`${dir}: no workflow files (*${WORKFLOW_FILE_EXTENSION})`] };
  }
  const known = knownNames(options);
  const parsed = files.map((file) => parseWorkflowSource(file, readFileSync(join(dir, file), 'utf8'), known));
  return {
    workflows: parsed.flatMap((result) => (result.workflow ? [result.workflow] : [])),
    problems: parsed.flatMap((result) => result.problems),
  };
}

/**
 * Loads every workflow of `dir` (used at server start-up), or throws a
 * WorkflowDefinitionError listing every problem of every file.
 */
export function loadWorkflowDirectory(dir: string, options: WorkflowLoadOptions = {}): LoadedWorkflow[] {
  const report = inspectWorkflowDirectory(dir, options);
  if (report.problems.length > 0) {
    throw new WorkflowDefinitionError(report.problems);
  }
  return report.workflows;
}

/**
 * Rebuilds a definition the server stored with a letter (its `canonicalJson`), so a letter
 * keeps running on the definition it started with after the file has changed. The guards
 * and actions it names must still be known; where it lists them is not checked again.
 */
export function restoreWorkflow(canonicalJson: string, options: WorkflowLoadOptions = {}): LoadedWorkflow {
  const definition = JSON.parse(canonicalJson) as WorkflowDefinition;
  const source = `stored ${definition.key} v${definition.version}`;
  const issues = checkWorkflowSemantics(definition, knownNames(options), { stored: true });
  if (issues.length > 0) {
    throw new WorkflowDefinitionError(issues.map((issue) => `${source}: ${formatPath(issue.path)}: ${issue.message}`));
  }
  return toLoadedWorkflow(definition, source);
}
