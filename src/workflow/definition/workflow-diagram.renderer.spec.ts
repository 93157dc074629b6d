import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED_WORKFLOW_DIR } from '../engine/testing/workflow-walk.testkit';
import { BUILT_IN_GUARD_NAMES } from '../engine/workflow-guards.registry';
import { edit, MINI_WORKFLOW } from './testing/mini-workflow.fixture';
import { WORKFLOW_ACTION_NAMES } from './workflow-actions.registry';
import { DIAGRAMS_END, DIAGRAMS_START, renderDiagramSection, renderMermaid, replaceDiagramSection } from './workflow-diagram.renderer';
import { loadWorkflowDirectory } from './workflow-directory.loader';
import { parseWorkflowSource } from './workflow-source.validator';

describe('renderMermaid', () => {
  it('draws states with their labels, every edge, deadlines and the final states', () => {
    const text = edit(
      MINI_WORKFLOW,
      '    to: review\n    by: [drafter]',
      '    to: review\n    branches:\n      - when: [hasReviewers, hasPdf]\n        to: done\n    by: [drafter]',
    );
    const { workflow } = parseWorkflowSource('mini.yaml', text);
    expect(renderMermaid(workflow!.definition)).toBe(
      [
        'stateDiagram-v2',
        '  %% mini v1: Mini',
        '  state "Konsep" as draft',
        '  state "Pemeriksaan" as review',
        '  state "Selesai" as done',
        '  state "Dibatalkan" as cancelled',
        '  [*] --> draft',
        '  draft --> done: submit [hasReviewers, hasPdf]',
        '  draft --> review: submit',
        '  review --> review: approve (langkah berikutnya)',
        '  review --> done: approve',
        '  review --> review: remind',
        '  draft --> cancelled: cancel',
        '  review --> cancelled: cancel',
        '  note right of review : batas waktu PT48H, lalu remind',
        '  done --> [*]',
        '  cancelled --> [*]',
        '',
      ].join('\n'),
    );
  });

  it('keeps characters Mermaid cannot read out of labels', () => {
    const { workflow } = parseWorkflowSource('mini.yaml', edit(MINI_WORKFLOW, 'label: Konsep', 'label: \'Konsep "awal"; #1\''));
    expect(renderMermaid(workflow!.definition)).toContain(`state "Konsep 'awal', ,1" as draft`);
  });
});

describe('the generated files in workflows/', () => {
  const workflows = loadWorkflowDirectory(SHIPPED_WORKFLOW_DIR);
  const readme = readFileSync(join(SHIPPED_WORKFLOW_DIR, 'README.md'), 'utf8');

  it.each(workflows.map((workflow) => [workflow.key, workflow] as const))('diagrams/%s.mmd is up to date', (key, workflow) => {
    expect(readFileSync(join(SHIPPED_WORKFLOW_DIR, 'diagrams', `${key}.mmd`), 'utf8')).toBe(renderMermaid(workflow.definition));
  });

  it('README.md shows the current diagrams', () => {
    expect(readme).toContain(renderDiagramSection(workflows));
  });

  it('README.md documents every guard and action name', () => {
    for (const name of [...BUILT_IN_GUARD_NAMES, ...WORKFLOW_ACTION_NAMES]) {
      expect(readme).toContain(`| \`${name}\` |`);
    }
  });
});

describe('replaceDiagramSection', () => {
  const [workflow] = loadWorkflowDirectory(SHIPPED_WORKFLOW_DIR);

  it('replaces only the text between the markers', () => {
    const readme = `# Title\n\n${DIAGRAMS_START}\nold\n${DIAGRAMS_END}\n\nafter\n`;
    expect(replaceDiagramSection(readme, [workflow])).toBe(`# Title\n\n${renderDiagramSection([workflow])}\n\nafter\n`);
  });

  it('leaves a README without markers as it is', () => {
    expect(replaceDiagramSection('# Title\n', [workflow])).toBe('# Title\n');
  });
});
