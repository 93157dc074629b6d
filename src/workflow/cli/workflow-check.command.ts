import { inspectWorkflowDirectory } from '../definition/workflow-directory.loader';

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

export const DEFAULT_WORKFLOW_DIR = './workflows';

/** `check [dir]`: one `OK <file> (vN, hash …)` line per valid file, every problem, exit code. */
export function runWorkflowCheck(args: string[], output: CommandOutput): number {
  const dir = args[0] ?? DEFAULT_WORKFLOW_DIR;
  const { workflows, problems } = inspectWorkflowDirectory(dir);
  for (const workflow of workflows) {
    output.out(`OK ${workflow.source} (v${workflow.version}, hash ${workflow.hash.slice(0, 12)}…)`);
  }
  for (const problem of problems) output.err(problem);
  return problems.length > 0 ? 1 : 0;
}
