import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowDefinitionError, WorkflowErrorCode } from '../engine/workflow.errors';
import { SHIPPED_WORKFLOW_DIR } from '../engine/testing/workflow-walk.testkit';
import { edit, MINI_WORKFLOW } from './testing/mini-workflow.fixture';
import { inspectWorkflowDirectory, loadWorkflowDirectory, restoreWorkflow } from './workflow-directory.loader';

describe('the shipped workflows directory', () => {
  const report = inspectWorkflowDirectory(SHIPPED_WORKFLOW_DIR);

  it('validates clean', () => {
    expect(report.problems).toEqual([]);
    expect(report.workflows.map((workflow) => workflow.key)).toEqual(['approval-basic', 'nota-dinas', 'surat-keluar', 'surat-masuk', 'surat-undangan', 'usul-musnah']);
  });

  it('points every file at the JSON Schema for editors', () => {
    for (const workflow of report.workflows) {
      const text = readFileSync(join(SHIPPED_WORKFLOW_DIR, workflow.source), 'utf8');
      expect(text.startsWith('# yaml-language-server: $schema=./schema/workflow.schema.json\n')).toBe(true);
    }
  });

  it('lets other modules start only approval-basic', () => {
    expect(report.workflows.filter((workflow) => workflow.definition.usableByModules).map((workflow) => workflow.key)).toEqual(['approval-basic']);
  });
});

describe('loadWorkflowDirectory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'workflows-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (file: string, text: string) => writeFileSync(join(dir, file), text);

  it('returns every valid definition, ignoring files that are not .yaml', () => {
    write('mini.yaml', MINI_WORKFLOW);
    write('notes.txt', 'not a workflow');
    const [workflow, ...rest] = loadWorkflowDirectory(dir);
    expect(rest).toEqual([]);
    expect(workflow).toMatchObject({ key: 'mini', version: 1, source: 'mini.yaml' });
  });

  it('throws one error listing every problem of every file as <file>: <reason>', () => {
    write('good.yaml', MINI_WORKFLOW);
    write('bad-guard.yaml', edit(MINI_WORKFLOW, 'guards: [hasReviewers]', 'guards: [isBoss]'));
    write('bad-schema.yaml', edit(MINI_WORKFLOW, 'version: 1\n', ''));
    let thrown: unknown;
    try {
      loadWorkflowDirectory(dir);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WorkflowDefinitionError);
    const error = thrown as WorkflowDefinitionError;
    expect(error.code).toBe(WorkflowErrorCode.DEFINITION_INVALID);
    expect(error.status).toBe(500);
    expect(error.problems).toEqual([
      expect.stringMatching(/^bad-guard\.yaml: line 25: events\.submit\.guards\[0\]: unknown guard "isBoss"/),
      'bad-schema.yaml: schema: missing key "version"',
    ]);
    expect(error.message.split('\n')).toEqual(['Invalid workflow definitions:', ...error.problems.map((problem) => `  ${problem}`)]);
  });

  it('refuses an empty or missing directory', () => {
    expect(() => loadWorkflowDirectory(dir)).toThrow(`${dir}: no workflow files (*.yaml)`);
    expect(() => loadWorkflowDirectory(join(dir, 'missing'))).toThrow(`${join(dir, 'missing')}: cannot read the workflow directory (ENOENT)`);
  });

  it('accepts plugin-provided guard and action names', () => {
    write('mini.yaml', edit(MINI_WORKFLOW, 'guards: [hasReviewers]', 'guards: [budgetAvailable]'));
    expect(() => loadWorkflowDirectory(dir)).toThrow(/unknown guard "budgetAvailable"/);
    expect(loadWorkflowDirectory(dir, { guards: ['budgetAvailable'] })).toHaveLength(1);
  });
});

describe('restoreWorkflow', () => {
  const [surat] = loadWorkflowDirectory(SHIPPED_WORKFLOW_DIR).filter((workflow) => workflow.key === 'surat-keluar');

  it('rebuilds a stored definition with the same hash', () => {
    const restored = restoreWorkflow(surat.canonicalJson);
    expect(restored).toEqual({ ...surat, source: 'stored surat-keluar v2' });
  });

  it('keeps running a stored v1 definition that lists assignNumber on entering signed, as files did before', () => {
    const v1 = JSON.parse(surat.canonicalJson) as typeof surat.definition;
    v1.version = 1;
    v1.states.signed.onEntry = ['assignNumber', 'renderDocument'];
    v1.events.sign.actions = [];
    expect(restoreWorkflow(JSON.stringify(v1)).definition.states.signed.onEntry).toEqual(['assignNumber', 'renderDocument']);
  });

  it('refuses a stored definition naming a guard the server no longer knows', () => {
    expect(() => restoreWorkflow(surat.canonicalJson, { guards: ['hasPdf', 'hasRecipients'] })).toThrow(
      /stored surat-keluar v2: events\.submit\.guards\[0\]: unknown guard "hasReviewers"/,
    );
  });
});
