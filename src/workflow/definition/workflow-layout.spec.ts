import { SHIPPED_WORKFLOW_DIR } from '../engine/testing/workflow-walk.testkit';
import { BUILT_IN_GUARD_NAMES } from '../engine/workflow-guards.registry';
import { MINI_WORKFLOW } from './testing/mini-workflow.fixture';
import { WORKFLOW_ACTION_NAMES } from './workflow-actions.registry';
import { loadWorkflowDirectory } from './workflow-directory.loader';
import { LAYOUT, layoutWorkflow } from './workflow-layout';
import { parseWorkflowSource } from './workflow-source.validator';

describe('layoutWorkflow', () => {
  const mini = parseWorkflowSource('mini.yaml', MINI_WORKFLOW).workflow!.definition;

  it('puts each state in the column of its distance from the initial state, in declared order', () => {
    const layout = layoutWorkflow(mini);
    const at = Object.fromEntries(layout.states.map((s) => [s.name, { x: s.x, y: s.y }]));
    const column = (n: number) => LAYOUT.margin + n * (LAYOUT.nodeWidth + LAYOUT.columnGap);
    const row = (n: number) => LAYOUT.margin + n * (LAYOUT.nodeHeight + LAYOUT.rowGap);
    expect(at).toEqual({
      draft: { x: column(0), y: row(0) },
      review: { x: column(1), y: row(0) },
      cancelled: { x: column(1), y: row(1) },
      done: { x: column(2), y: row(0) },
    });
    expect(layout.width).toBe(2 * LAYOUT.margin + 3 * LAYOUT.nodeWidth + 2 * LAYOUT.columnGap);
    expect(layout.height).toBe(2 * LAYOUT.margin + 2 * LAYOUT.nodeHeight + LAYOUT.rowGap);
  });

  it('marks the initial and final states, the deadline, and lists each edge once with its label', () => {
    const layout = layoutWorkflow(mini);
    const review = layout.states.find((s) => s.name === 'review')!;
    expect(review).toMatchObject({ label: 'Pemeriksaan', initial: false, final: false, deadline: 'PT48H, lalu remind' });
    expect(layout.states.find((s) => s.name === 'draft')!.initial).toBe(true);
    expect(layout.states.filter((s) => s.final).map((s) => s.name).sort()).toEqual(['cancelled', 'done']);
    expect(layout.edges).toEqual(
      expect.arrayContaining([
        { from: 'draft', to: 'review', label: 'submit', kind: 'go' },
        { from: 'review', to: 'review', label: 'approve (langkah berikutnya)', kind: 'next_step' },
        { from: 'review', to: 'done', label: 'approve', kind: 'go' },
        { from: 'review', to: 'review', label: 'remind', kind: 'stay' },
      ]),
    );
    const keys = layout.edges.map((e) => `${e.from}>${e.to}:${e.label}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('lays out every shipped workflow with no two boxes on one spot and every state drawn', () => {
    const workflows = loadWorkflowDirectory(SHIPPED_WORKFLOW_DIR, { guards: BUILT_IN_GUARD_NAMES, actions: WORKFLOW_ACTION_NAMES });
    expect(workflows.length).toBeGreaterThan(0);
    for (const { definition } of workflows) {
      const layout = layoutWorkflow(definition);
      expect(layout.states.map((s) => s.name).sort()).toEqual(Object.keys(definition.states).sort());
      const spots = layout.states.map((s) => `${s.x},${s.y}`);
      expect(new Set(spots).size).toBe(spots.length);
      for (const s of layout.states) {
        expect(s.x + LAYOUT.nodeWidth).toBeLessThanOrEqual(layout.width);
        expect(s.y + LAYOUT.nodeHeight).toBeLessThanOrEqual(layout.height);
      }
    }
  });
});
