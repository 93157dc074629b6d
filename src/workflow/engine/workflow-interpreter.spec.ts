import { HttpStatus } from '@nestjs/common';
import type { LoadedWorkflow } from '../../records/workflow-definition.types';
import { edit, MINI_WORKFLOW } from '../definition/testing/mini-workflow.fixture';
import { parseWorkflowSource } from '../definition/workflow-source.validator';
import { NOW, PEOPLE } from './testing/workflow-walk.testkit';
import { allowedEvents, eventsIgnoringActor, pendingAssignees, planRoutes, start, transition } from './workflow-interpreter';
import { BUILT_IN_GUARDS, GuardRegistry } from './workflow-guards.registry';
import { WorkflowError, WorkflowErrorCode } from './workflow.errors';
import type { LetterFacts, RoutePlans, TransitionContext, TransitionResult, TransitionSuccess, WorkflowActor, WorkflowSnapshot } from '../../records/workflow-snapshot.types';

function load(text = MINI_WORKFLOW, known?: { guards: string[]; actions: string[] }): LoadedWorkflow {
  const parsed = known ? parseWorkflowSource('mini.yaml', text, known) : parseWorkflowSource('mini.yaml', text);
  if (!parsed.workflow) throw new Error(parsed.problems.join('\n'));
  return parsed.workflow;
}

const mini = load();
const FACTS: LetterFacts = { drafterPersonId: PEOPLE.staf.personId };
const ROUTES: RoutePlans = { reviewers: [{ positionIds: ['kasi.aplikasi'] }, { positionIds: ['kabid.tik'] }] };
const ctx = (actor: WorkflowActor, extra: Partial<TransitionContext> = {}): TransitionContext => ({ actor, facts: FACTS, now: NOW, ...extra });

function ok(result: TransitionResult): TransitionSuccess {
  if (!result.ok) throw new Error(`${result.code}: ${result.reason}`);
  return result;
}

const draftOf = (workflow = mini, routes = ROUTES) => ok(start(workflow, { routes }, ctx(PEOPLE.staf))).snapshot;
const reviewOf = (workflow = mini) => ok(transition(workflow, draftOf(workflow), { type: 'submit' }, ctx(PEOPLE.staf))).snapshot;

describe('start', () => {
  it('records the definition the letter runs on', () => {
    expect(draftOf().workflow).toEqual({ key: 'mini', version: 1, hash: mini.hash });
  });

  it('refuses a malformed route plan', () => {
    expect(start(mini, { routes: { signers: [{ positionIds: [] }] } }, ctx(PEOPLE.staf))).toMatchObject({ ok: false, code: WorkflowErrorCode.ROUTE_INVALID });
  });
});

describe('transition', () => {
  it('produces plain JSON and leaves the caller’s snapshot untouched', () => {
    const review = reviewOf();
    const before = JSON.stringify(review);
    const next = ok(transition(mini, review, { type: 'approve' }, ctx(PEOPLE.kasiAplikasi)));
    expect(JSON.stringify(review)).toBe(before);
    expect(JSON.parse(JSON.stringify(next.snapshot))).toEqual(next.snapshot);
    expect(next.snapshot.seq).toBe(review.seq + 1);
  });

  it('refuses a snapshot started on another definition', () => {
    const other = load(edit(MINI_WORKFLOW, 'label: Ajukan', 'label: Kirim'));
    expect(transition(other, draftOf(), { type: 'submit' }, ctx(PEOPLE.staf))).toEqual({
      ok: false,
      code: WorkflowErrorCode.DEFINITION_MISMATCH,
      reason: `the letter runs on mini v1 (${mini.hash.slice(0, 12)}), not on mini v1 (${other.hash.slice(0, 12)})`,
    });
  });

  it('refuses an event the workflow does not have, including inherited object keys', () => {
    for (const type of ['publish', 'constructor', 'toString']) {
      expect(transition(mini, draftOf(), { type }, ctx(PEOPLE.staf))).toEqual({
        ok: false,
        code: WorkflowErrorCode.UNKNOWN_EVENT,
        reason: `workflow "mini" has no event "${type}"`,
      });
    }
  });

  it('says when the workflow has ended', () => {
    const cancelled = ok(transition(mini, draftOf(), { type: 'cancel' }, ctx(PEOPLE.staf))).snapshot;
    expect(transition(mini, cancelled, { type: 'submit' }, ctx(PEOPLE.staf))).toEqual({
      ok: false,
      code: WorkflowErrorCode.TRANSITION_NOT_ALLOWED,
      reason: '"submit" is not allowed in state "cancelled" (the workflow has ended)',
    });
  });

  it('refuses to enter a route state whose route has no step', () => {
    const unguarded = load(edit(MINI_WORKFLOW, '    guards: [hasReviewers]\n', ''));
    const draft = draftOf(unguarded, {});
    expect(transition(unguarded, draft, { type: 'submit' }, ctx(PEOPLE.staf))).toEqual({
      ok: false,
      code: WorkflowErrorCode.ROUTE_EMPTY,
      reason: 'state "review" needs at least one step in route "reviewers" (Pemeriksa)',
    });
  });

  it('sets a fixed deadline on entry and cancels it on exit', () => {
    const submitted = ok(transition(mini, draftOf(), { type: 'submit' }, ctx(PEOPLE.staf)));
    const deadline = { id: 'review@2', state: 'review', event: 'remind', dueAt: '2026-04-08T08:00:00.000Z' };
    expect(submitted.deadlines).toEqual({ set: deadline });
    const cancelled = ok(transition(mini, submitted.snapshot, { type: 'cancel' }, ctx(PEOPLE.staf)));
    expect(cancelled.deadlines).toEqual({ cancel: deadline });
    expect(cancelled.snapshot.deadline).toBeUndefined();
  });

  it('re-enters a state when an event targets the state it is in: new deadline, route from the first step', () => {
    const again = load(edit(MINI_WORKFLOW, 'events:\n', 'events:\n  restart:\n    label: Ulangi\n    from: review\n    to: review\n    by: [drafter]\n'));
    const review = ok(transition(again, reviewOf(again), { type: 'approve' }, ctx(PEOPLE.kasiAplikasi))).snapshot;
    const restarted = ok(transition(again, review, { type: 'restart' }, ctx(PEOPLE.staf)));
    expect(restarted.deadlines).toEqual({
      cancel: expect.objectContaining({ id: 'review@2' }),
      set: expect.objectContaining({ id: 'review@4' }),
    });
    expect(restarted.snapshot.routes.reviewers.cursor).toBe(0);
    expect(restarted.actions.map((action) => action.name)).toEqual(['notify']);
  });

  it('uses guards provided by plugins and fails loudly on a guard without implementation', () => {
    const text = edit(MINI_WORKFLOW, 'guards: [hasReviewers]', 'guards: [budgetAvailable]');
    const withPluginGuard = load(text, { guards: ['budgetAvailable'], actions: ['notify', 'archive', 'notifySuperior'] });
    const guards: GuardRegistry = {
      ...BUILT_IN_GUARDS,
      budgetAvailable: { description: 'SIMRAL has budget', refusal: 'no budget left', test: ({ facts }) => facts.extra?.budget === true },
    };
    const draft = draftOf(withPluginGuard);
    expect(transition(withPluginGuard, draft, { type: 'submit' }, ctx(PEOPLE.staf), guards)).toMatchObject({ reason: 'budgetAvailable: no budget left' });
    expect(transition(withPluginGuard, draft, { type: 'submit' }, ctx(PEOPLE.staf, { facts: { ...FACTS, extra: { budget: true } } }), guards)).toMatchObject({ ok: true });
    expect(() => transition(withPluginGuard, draft, { type: 'submit' }, ctx(PEOPLE.staf))).toThrow(
      new WorkflowError(WorkflowErrorCode.DEFINITION_INVALID, 'guard "budgetAvailable" has no implementation'),
    );
  });
});

describe('allowedEvents', () => {
  it('lists what the actor may do, with the resulting state, how they act and whether a note is needed', () => {
    const returnable = load(
      edit(MINI_WORKFLOW, 'events:\n', 'events:\n  send_back:\n    label: Kembalikan\n    from: review\n    to: draft\n    returnTo: drafter\n    requiresNote: true\n    by: [stepAssignee]\n'),
    );
    expect(allowedEvents(returnable, reviewOf(returnable), ctx(PEOPLE.kasiAplikasi))).toEqual([
      { event: 'send_back', label: 'Kembalikan', to: 'draft', actedAs: { clause: 'stepAssignee', positionId: 'kasi.aplikasi', capacity: 'holder' }, requiresNote: true },
      { event: 'approve', label: 'Paraf', to: 'review', actedAs: { clause: 'stepAssignee', positionId: 'kasi.aplikasi', capacity: 'holder' }, requiresNote: false },
    ]);
    expect(allowedEvents(mini, reviewOf(), ctx(PEOPLE.staf)).map((event) => event.event)).toEqual(['cancel']);
  });
});

describe('eventsIgnoringActor', () => {
  it('lists the events whose state and guards allow them now, with who may fire them', () => {
    expect(eventsIgnoringActor(mini, draftOf(mini, {}), FACTS).map((event) => event.event)).toEqual(['cancel']);
    expect(eventsIgnoringActor(mini, reviewOf(), FACTS)).toEqual([
      { event: 'approve', label: 'Paraf', by: [{ kind: 'stepAssignee' }] },
      { event: 'remind', label: 'Ingatkan', by: [{ kind: 'system' }] },
      { event: 'cancel', label: 'Batalkan', by: [{ kind: 'drafter' }] },
    ]);
  });
});

describe('pendingAssignees', () => {
  it('names the positions that must still decide on the current step', () => {
    expect(pendingAssignees(mini, draftOf())).toEqual([]);
    expect(pendingAssignees(mini, reviewOf())).toEqual(['kasi.aplikasi']);
  });

  it('throws on a snapshot of another definition, like eventsIgnoringActor', () => {
    const other = load(edit(MINI_WORKFLOW, 'version: 1', 'version: 2'));
    expect(() => pendingAssignees(other, reviewOf())).toThrow(expect.objectContaining({ code: WorkflowErrorCode.DEFINITION_MISMATCH }));
    expect(() => eventsIgnoringActor(other, reviewOf(), FACTS)).toThrow(expect.objectContaining({ code: WorkflowErrorCode.DEFINITION_MISMATCH }));
  });
});

describe('planRoutes', () => {
  const editable = load(edit(MINI_WORKFLOW, '    label: Konsep\n', '    label: Konsep\n    editRoutes: true\n'));

  it('replaces the given routes in an editable state and keeps the others', () => {
    const draft = draftOf(editable, { ...ROUTES, signers: [{ positionIds: ['kadis.kominfo'] }] });
    const replanned = planRoutes(editable, draft, { reviewers: [{ positionIds: ['kasi.data', 'kasi.infra'], mode: 'any' }] });
    if (!replanned.ok) throw new Error(replanned.reason);
    expect(replanned.snapshot.routes.reviewers.steps).toEqual([{ positionIds: ['kasi.data', 'kasi.infra'], mode: 'any', required: 1, approvals: [] }]);
    expect(replanned.snapshot.routes.signers).toEqual(draft.routes.signers);
    expect(replanned.snapshot.seq).toBe(draft.seq);
  });

  it('refuses outside editable states and refuses malformed plans', () => {
    expect(planRoutes(editable, reviewOf(editable), { reviewers: [] })).toEqual({
      ok: false,
      code: WorkflowErrorCode.ROUTE_NOT_EDITABLE,
      reason: 'routes cannot be changed in state "review"',
    });
    expect(planRoutes(editable, draftOf(editable), { reviewers: [{ positionIds: ['a', 'a'] }] })).toMatchObject({ code: WorkflowErrorCode.ROUTE_INVALID });
  });
});

describe('WorkflowError.fromRefusal', () => {
  it('maps refusal codes to HTTP statuses', () => {
    const status = (code: WorkflowErrorCode) => WorkflowError.fromRefusal({ ok: false, code, reason: 'x' }).status;
    expect(status(WorkflowErrorCode.ACTOR_NOT_ALLOWED)).toBe(HttpStatus.FORBIDDEN);
    expect(status(WorkflowErrorCode.TRANSITION_NOT_ALLOWED)).toBe(HttpStatus.UNPROCESSABLE_ENTITY);
    expect(status(WorkflowErrorCode.GUARD_REFUSED)).toBe(HttpStatus.UNPROCESSABLE_ENTITY);
    expect(status(WorkflowErrorCode.DEFINITION_MISMATCH)).toBe(HttpStatus.INTERNAL_SERVER_ERROR);
    expect(WorkflowError.fromRefusal({ ok: false, code: WorkflowErrorCode.NOTE_REQUIRED, reason: 'why' })).toMatchObject({ code: 'NOTE_REQUIRED', message: 'why' });
  });
});
