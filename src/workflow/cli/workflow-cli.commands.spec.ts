import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHIPPED_WORKFLOW_DIR } from '../engine/testing/workflow-walk.testkit';
import { edit, MINI_WORKFLOW } from '../definition/testing/mini-workflow.fixture';
import { DIAGRAMS_END, DIAGRAMS_START, renderMermaid } from '../definition/workflow-diagram.renderer';
import { loadWorkflowDirectory } from '../definition/workflow-directory.loader';
import { runWorkflowCheck } from './workflow-check.command';
import { runWorkflowDiagram } from './workflow-diagram.command';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

describe('workflow CLI commands', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'workflow-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('check', () => {
    it('prints OK with version and hash for each shipped file and exits 0', () => {
      const { out, err, output } = capture();
      expect(runWorkflowCheck([SHIPPED_WORKFLOW_DIR], output)).toBe(0);
      const hashes = loadWorkflowDirectory(SHIPPED_WORKFLOW_DIR).map((workflow) => `OK ${workflow.source} (v${workflow.version}, hash ${workflow.hash.slice(0, 12)}…)`);
      expect(out).toEqual(hashes);
      expect(err).toEqual([]);
    });

    it('prints the good files and every problem, and exits 1', () => {
      writeFileSync(join(dir, 'good.yaml'), MINI_WORKFLOW);
      writeFileSync(join(dir, 'bad.yaml'), edit(MINI_WORKFLOW, 'onEntry: [archive]', 'onEntry: [shred]'));
      const { out, err, output } = capture();
      expect(runWorkflowCheck([dir], output)).toBe(1);
      expect(out).toEqual([expect.stringMatching(/^OK good\.yaml \(v1, hash [0-9a-f]{12}…\)$/)]);
      expect(err).toEqual([expect.stringMatching(/^bad\.yaml: line 16: states\.done\.onEntry\[0\]: unknown action "shred"/)]);
    });
  });

  describe('diagram', () => {
    it('prints the Mermaid text of every workflow', () => {
      const { out, output } = capture();
      expect(runWorkflowDiagram([SHIPPED_WORKFLOW_DIR], output)).toBe(0);
      expect(out).toEqual(loadWorkflowDirectory(SHIPPED_WORKFLOW_DIR).map((workflow) => renderMermaid(workflow.definition)));
    });

    it('with --write, writes diagrams/<key>.mmd and refreshes the README section', () => {
      writeFileSync(join(dir, 'mini.yaml'), MINI_WORKFLOW);
      writeFileSync(join(dir, 'README.md'), `# Alur\n\n${DIAGRAMS_START}\n${DIAGRAMS_END}\n`);
      const { out, output } = capture();
      expect(runWorkflowDiagram([dir, '--write'], output)).toBe(0);
      const [mini] = loadWorkflowDirectory(dir);
      expect(readFileSync(join(dir, 'diagrams', 'mini.mmd'), 'utf8')).toBe(renderMermaid(mini.definition));
      expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain(`\`\`\`mermaid\n${renderMermaid(mini.definition)}\`\`\``);
      expect(out).toEqual([`wrote ${join(dir, 'diagrams', 'mini.mmd')}`, `updated ${join(dir, 'README.md')}`]);
    });

    it('refuses to draw invalid workflows', () => {
      writeFileSync(join(dir, 'mini.yaml'), edit(MINI_WORKFLOW, 'version: 1', 'version: 0'));
      const { err, output } = capture();
      expect(runWorkflowDiagram([dir, '--write'], output)).toBe(1);
      expect(err).toEqual(['mini.yaml: line 2: version: schema: must be >= 1']);
      expect(existsSync(join(dir, 'diagrams'))).toBe(false);
    });
  });
});
