import type { RouteConfig } from '../../records/workflow-definition.types';
import { approveCurrentStep, clearCurrentStep, currentStep, isRouteComplete, pendingPositions, planRoute, restartRoute } from './route-progress';
import { WorkflowErrorCode } from './workflow.errors';
import type { RouteProgress, RouteStepPlan, StepApproval } from '../../records/workflow-snapshot.types';

const OPEN: RouteConfig = { label: 'Pemeriksa', parallel: true };
const at = '2026-04-06T08:00:00.000Z';
const approval = (positionId: string): StepApproval => ({ positionId, personId: `p.${positionId}`, capacity: 'holder', at });

function planned(plans: RouteStepPlan[], config: RouteConfig = OPEN): RouteProgress {
  const result = planRoute('reviewers', plans, config);
  if (!result.ok) throw new Error(result.reason);
  return result.progress;
}

describe('planRoute', () => {
  it('normalises each step with the approvals it needs', () => {
    const route = planned([
      { positionIds: ['kasi.a'] },
      { positionIds: ['kasi.a', 'kasi.b', 'kasi.c'], mode: 'all' },
      { positionIds: ['kasi.a', 'kasi.b'], mode: 'any' },
      { positionIds: ['kasi.a', 'kasi.b', 'kasi.c'], mode: 'n_of_m', n: 2 },
    ]);
    expect(route.cursor).toBe(0);
    expect(route.steps.map((step) => [step.mode, step.required, step.approvals])).toEqual([
      ['all', 1, []],
      ['all', 3, []],
      ['any', 1, []],
      ['n_of_m', 2, []],
    ]);
  });

  it.each<[string, RouteStepPlan[], RouteConfig, string]>([
    ['an empty step', [{ positionIds: [] }], OPEN, 'route "reviewers" step 1 has no position'],
    ['a position twice', [{ positionIds: ['a'] }, { positionIds: ['b', 'b'] }], OPEN, 'route "reviewers" step 2 names a position twice'],
    ['a group where groups are not allowed', [{ positionIds: ['a', 'b'] }], { label: 'x', parallel: false }, 'route "reviewers" step 1 is a parallel group, which this route does not allow'],
    ['n above m', [{ positionIds: ['a', 'b'], mode: 'n_of_m', n: 3 }], OPEN, 'route "reviewers" step 1 needs n between 1 and 2 for mode n_of_m'],
    ['n missing', [{ positionIds: ['a', 'b'], mode: 'n_of_m' }], OPEN, 'route "reviewers" step 1 needs n between 1 and 2 for mode n_of_m'],
    ['n not whole', [{ positionIds: ['a', 'b'], mode: 'n_of_m', n: 1.5 }], OPEN, 'route "reviewers" step 1 needs n between 1 and 2 for mode n_of_m'],
    ['n without n_of_m', [{ positionIds: ['a', 'b'], mode: 'any', n: 1 }], OPEN, 'route "reviewers" step 1 gives n, which only mode n_of_m uses'],
    ['too many steps', [{ positionIds: ['a'] }, { positionIds: ['b'] }], { label: 'x', parallel: true, maxSteps: 1 }, 'route "reviewers" has 2 steps; at most 1 allowed'],
  ])('refuses %s', (_, plans, config, reason) => {
    expect(planRoute('reviewers', plans, config)).toEqual({ ok: false, code: WorkflowErrorCode.ROUTE_INVALID, reason });
  });

  it('copies the position lists so the caller cannot change the snapshot afterwards', () => {
    const plan = { positionIds: ['a'] };
    const route = planned([plan]);
    plan.positionIds.push('b');
    expect(route.steps[0].positionIds).toEqual(['a']);
  });
});

describe('route progress', () => {
  it('moves the cursor only when the current step is satisfied', () => {
    const route = planned([{ positionIds: ['a', 'b', 'c'], mode: 'n_of_m', n: 2 }, { positionIds: ['d'] }]);
    expect(approveCurrentStep(route, approval('b'))).toBe(false);
    expect(pendingPositions(currentStep(route)!)).toEqual(['a', 'c']);
    expect(approveCurrentStep(route, approval('c'))).toBe(true);
    expect(currentStep(route)!.positionIds).toEqual(['d']);
    expect(isRouteComplete(route)).toBe(false);
    expect(approveCurrentStep(route, approval('d'))).toBe(true);
    expect(isRouteComplete(route)).toBe(true);
    expect(currentStep(route)).toBeUndefined();
  });

  it('clears the current step, or restarts every step', () => {
    const route = planned([{ positionIds: ['a'] }, { positionIds: ['b', 'c'] }]);
    approveCurrentStep(route, approval('a'));
    approveCurrentStep(route, approval('b'));
    clearCurrentStep(route);
    expect(route.steps.map((step) => step.approvals.length)).toEqual([1, 0]);
    restartRoute(route);
    expect(route).toMatchObject({ cursor: 0, steps: [{ approvals: [] }, { approvals: [] }] });
  });
});
