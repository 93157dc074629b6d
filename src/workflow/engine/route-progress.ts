import type { RouteConfig, RouteName } from '../../records/workflow-definition.types';
import { refuse, TransitionRefusal, WorkflowErrorCode } from './workflow.errors';
import type { RouteProgress, RouteStepPlan, RouteStepProgress, StepApproval } from '../../records/workflow-snapshot.types';

/*
 * Route steps are plain data inside the snapshot. These helpers mutate the copy the
 * interpreter works on, never the caller's snapshot.
 */

export function emptyRoute(): RouteProgress {
  return { steps: [], cursor: 0 };
}

function requiredApprovals(plan: RouteStepPlan): number {
  switch (plan.mode ?? 'all') {
    case 'any':
      return 1;
    case 'n_of_m':
      return plan.n ?? 0;
    case 'all':
      return plan.positionIds.length;
  }
}

function stepProblem(plan: RouteStepPlan, config: RouteConfig): string | undefined {
  const count = plan.positionIds.length;
  if (count === 0) return 'has no position';
  if (new Set(plan.positionIds).size !== count) return 'names a position twice';
  if (count > 1 && !config.parallel) return 'is a parallel group, which this route does not allow';
  if (plan.mode === 'n_of_m' && (!Number.isInteger(plan.n) || plan.n! < 1 || plan.n! > count)) {
    return `needs n between 1 and ${count} for mode n_of_m`;
  }
  if (plan.mode !== 'n_of_m' && plan.n !== undefined) return 'gives n, which only mode n_of_m uses';
  return undefined;
}

/** Checks a route as chosen by the drafter and turns it into fresh progress. */
export function planRoute(
  name: RouteName,
  plans: RouteStepPlan[],
  config: RouteConfig,
): { ok: true; progress: RouteProgress } | TransitionRefusal {
  if (config.maxSteps !== undefined && plans.length > config.maxSteps) {
    return refuse(WorkflowErrorCode.ROUTE_INVALID, `route "${name}" has ${plans.length} steps; at most ${config.maxSteps} allowed`);
  }
  for (const [index, plan] of plans.entries()) {
    const problem = stepProblem(plan, config);
    if (problem) return refuse(WorkflowErrorCode.ROUTE_INVALID, `route "${name}" step ${index + 1} ${problem}`);
  }
  const steps = plans.map<RouteStepProgress>((plan) => ({
    positionIds: [...plan.positionIds],
    mode: plan.mode ?? 'all',
    required: requiredApprovals(plan),
    approvals: [],
  }));
  return { ok: true, progress: { steps, cursor: 0 } };
}

export function currentStep(route: RouteProgress): RouteStepProgress | undefined {
  return route.steps[route.cursor];
}

export function isRouteComplete(route: RouteProgress): boolean {
  return route.cursor >= route.steps.length;
}

/** Positions of the step that have not approved in this round. */
export function pendingPositions(step: RouteStepProgress): string[] {
  const approved = new Set(step.approvals.map((approval) => approval.positionId));
  return step.positionIds.filter((positionId) => !approved.has(positionId));
}

/** Records the approval; moves the cursor when the step is satisfied. Returns whether it moved. */
export function approveCurrentStep(route: RouteProgress, approval: StepApproval): boolean {
  const step = route.steps[route.cursor];
  step.approvals.push(approval);
  if (step.approvals.length < step.required) return false;
  route.cursor += 1;
  return true;
}

/** Back to the first step with every decision cleared (a new review round). */
export function restartRoute(route: RouteProgress): void {
  route.cursor = 0;
  for (const step of route.steps) step.approvals = [];
}

/** Clears the current step's decisions, e.g. when it returns the letter. */
export function clearCurrentStep(route: RouteProgress): void {
  const step = route.steps[route.cursor];
  if (step) step.approvals = [];
}
