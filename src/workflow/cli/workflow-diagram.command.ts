import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceDiagramSection, renderMermaid } from '../definition/workflow-diagram.renderer';
import { inspectWorkflowDirectory } from '../definition/workflow-directory.loader';
import { CommandOutput, DEFAULT_WORKFLOW_DIR } from './workflow-check.command';

const WRITE_FLAG = '--write';

/**
 * `diagram [dir] [--write]`: prints the Mermaid diagram of every workflow, or writes
 * <dir>/diagrams/<key>.mmd and refreshes the diagram section of <dir>/README.md.
 */
export function runWorkflowDiagram(args: string[], output: CommandOutput): number {
  const write = args.includes(WRITE_FLAG);
  const dir = args.find((arg) => arg !== WRITE_FLAG) ?? DEFAULT_WORKFLOW_DIR;
  const { workflows, problems } = inspectWorkflowDirectory(dir);
  if (problems.length > 0) {
    for (const problem of problems) output.err(problem);
    return 1;
  }
  if (!write) {
    for (const { definition } of workflows) output.out(renderMermaid(definition));
    return 0;
  }
  const diagramDir = join(dir, 'diagrams');
  mkdirSync(diagramDir, { recursive: true });
  for (const { key, definition } of workflows) {
    const file = join(diagramDir, `${key}.mmd`);
    writeFileSync(file, renderMermaid(definition));
    output.out(`wrote ${file}`);
  }
  const readme = join(dir, 'README.md');
  if (existsSync(readme)) {
    writeFileSync(readme, replaceDiagramSection(readFileSync(readme, 'utf8'), workflows));
    output.out(`updated ${readme}`);
  }
  return 0;
}
