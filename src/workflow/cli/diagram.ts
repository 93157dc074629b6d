/** `node dist/src/workflow/cli/diagram.js [dir] [--write]` — Mermaid diagrams of the workflows. */
import { runWorkflowDiagram } from './workflow-diagram.command';

process.exitCode = runWorkflowDiagram(process.argv.slice(2), { out: console.log, err: console.error });
