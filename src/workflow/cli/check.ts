/** `node dist/src/workflow/cli/check.js [dir]` — validates the workflow files (default ./workflows). */
import { runWorkflowCheck } from './workflow-check.command';

process.exitCode = runWorkflowCheck(process.argv.slice(2), { out: console.log, err: console.error });
