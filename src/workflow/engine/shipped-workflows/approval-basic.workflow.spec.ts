import { pendingAssignees, start } from '../workflow-interpreter';
import { WorkflowErrorCode } from '../workflow.errors';
import type { LetterFacts, RoutePlans, WorkflowActor, WorkflowSnapshot } from '../../../records/workflow-snapshot.types';
import { describeWorkflowCoverage, Scenario } from '../testing/workflow-coverage.testkit';
import { actionNames, NOW, PEOPLE, shippedWorkflow, WorkflowWalk } from '../testing/workflow-walk.testkit';

const workflow = shippedWorkflow('approval-basic');

/** SIMRAL's service identity, which asks for the approval (the approval's drafter). */
const SIMRAL: WorkflowActor = { personId: 'svc.simral', roles: ['module'], positionIds: [], delegations: [] };

const FACTS: LetterFacts = { drafterPersonId: SIMRAL.personId, hasPdf: false };
const WITH_PDF = { facts: { hasPdf: true } };

const ONE_APPROVER: RoutePlans = { reviewers: [{ positionIds: ['kabid.tik'] }] };
const APPROVER_AND_SIGNER: RoutePlans = { ...ONE_APPROVER, signers: [{ positionIds: ['kadis.kominfo'] }] };

function signing(walk: WorkflowWalk, routes: RoutePlans = APPROVER_AND_SIGNER): WorkflowSnapshot {
  const pending = walk.start({ routes }, SIMRAL, WITH_PDF).snapshot;
  return walk.fire(pending, 'approve', PEOPLE.kabid, WITH_PDF).snapshot;
}

const scenarios: Record<string, Scenario> = {
  'a module asks one official; the approval ends it, with a webhook on each state': (walk) => {
    const pending = walk.start({ routes: ONE_APPROVER }, SIMRAL);
    expect(pending.snapshot.state).toBe('pending');
    expect(actionNames(pending)).toEqual(['entry:emitWebhook', 'step:notify']);
    const approved = walk.fire(pending.snapshot, 'approve', PEOPLE.kabid);
    expect(approved.snapshot).toMatchObject({ state: 'approved', done: true });
    expect(actionNames(approved)).toEqual(['entry:emitWebhook']);
  },

  'with a PDF attached, the approval goes on to the signer (here the Plh)': (walk) => {
    const waiting = walk.fire(walk.start({ routes: APPROVER_AND_SIGNER }, SIMRAL, WITH_PDF).snapshot, 'approve', PEOPLE.kabid, WITH_PDF);
    expect(waiting.snapshot.state).toBe('awaiting_signature');
    expect(actionNames(waiting)).toEqual(['entry:emitWebhook', 'step:requestSignature', 'step:notify']);
    const signed = walk.fire(waiting.snapshot, 'sign', PEOPLE.sekdis, WITH_PDF);
    expect(signed.snapshot.state).toBe('approved');
    expect(signed.history.actedAs).toEqual({ clause: 'stepAssignee', positionId: 'kadis.kominfo', capacity: 'plh' });
  },

  'two signers sign in order': (walk) => {
    const waiting = signing(walk, { ...ONE_APPROVER, signers: [{ positionIds: ['kadis.kominfo'] }, { positionIds: ['sekda'] }] });
    const first = walk.fire(waiting, 'sign', PEOPLE.kadis, WITH_PDF);
    expect(first.snapshot.state).toBe('awaiting_signature');
    expect(pendingAssignees(workflow, first.snapshot)).toEqual(['sekda']);
    expect(walk.fire(first.snapshot, 'sign', PEOPLE.sekda, WITH_PDF).snapshot.state).toBe('approved');
  },

  'start needs an approver, a signer when a PDF is attached, and the requester as actor': () => {
    const ctx = { actor: SIMRAL, facts: FACTS, now: NOW };
    expect(start(workflow, {}, ctx)).toEqual({ ok: false, code: WorkflowErrorCode.GUARD_REFUSED, reason: 'hasReviewers: choose at least one reviewer' });
    expect(start(workflow, { routes: ONE_APPROVER }, { ...ctx, facts: { ...FACTS, hasPdf: true } })).toEqual({
      ok: false,
      code: WorkflowErrorCode.GUARD_REFUSED,
      reason: 'hasSignersIfPdf: a PDF is attached, so choose at least one signer',
    });
    expect(start(workflow, { routes: ONE_APPROVER }, { ...ctx, actor: PEOPLE.kabid })).toMatchObject({ ok: false, code: WorkflowErrorCode.ACTOR_NOT_ALLOWED });
  },

  'n_of_m: two of three heads of section are enough': (walk) => {
    const routes = { reviewers: [{ positionIds: ['kasi.aplikasi', 'kasi.infra', 'kasi.data'], mode: 'n_of_m' as const, n: 2 }] };
    const one = walk.fire(walk.start({ routes }, SIMRAL).snapshot, 'approve', PEOPLE.kasiAplikasi);
    expect(one.snapshot.state).toBe('pending');
    expect(one.actions).toEqual([]);
    expect(pendingAssignees(workflow, one.snapshot)).toEqual(['kasi.infra', 'kasi.data']);
    const two = walk.fire(one.snapshot, 'approve', PEOPLE.kasiData);
    expect(two.snapshot.state).toBe('approved');
    expect(walk.attempt(two.snapshot, 'approve', PEOPLE.kasiInfra)).toMatchObject({ code: WorkflowErrorCode.TRANSITION_NOT_ALLOWED });
  },

  'any, then all: a group where one suffices, then a group where everyone must approve': (walk) => {
    const routes: RoutePlans = {
      reviewers: [
        { positionIds: ['kasi.aplikasi', 'kasi.infra'], mode: 'any' },
        { positionIds: ['kabid.tik', 'sekdis.kominfo'], mode: 'all' },
      ],
    };
    const afterAny = walk.fire(walk.start({ routes }, SIMRAL).snapshot, 'approve', PEOPLE.kasiInfra);
    expect(afterAny.snapshot.state).toBe('pending');
    expect(afterAny.actions.map((action) => action.step)).toEqual([{ route: 'reviewers', index: 1, positionIds: ['kabid.tik', 'sekdis.kominfo'] }]);
    expect(walk.attempt(afterAny.snapshot, 'approve', PEOPLE.kasiAplikasi)).toMatchObject({ code: WorkflowErrorCode.ACTOR_NOT_ALLOWED });
    const half = walk.fire(afterAny.snapshot, 'approve', PEOPLE.sekdis, { asPositionId: 'sekdis.kominfo' });
    expect(half.history.actedAs.positionId).toBe('sekdis.kominfo');
    expect(pendingAssignees(workflow, half.snapshot)).toEqual(['kabid.tik']);
    expect(walk.fire(half.snapshot, 'approve', PEOPLE.kabid).snapshot.state).toBe('approved');
  },

  'rejection needs a note, while pending or while signing': (walk) => {
    const pending = walk.start({ routes: ONE_APPROVER }, SIMRAL).snapshot;
    expect(walk.attempt(pending, 'reject', PEOPLE.kabid)).toMatchObject({ code: WorkflowErrorCode.NOTE_REQUIRED });
    const rejected = walk.fire(pending, 'reject', PEOPLE.kabid, { comment: 'Anggaran tidak tersedia.' });
    expect(rejected.snapshot).toMatchObject({ state: 'rejected', done: true });
    expect(actionNames(rejected)).toEqual(['entry:emitWebhook']);
    expect(walk.fire(signing(walk), 'reject', PEOPLE.kadis, { comment: 'Tidak setuju.' }).snapshot.state).toBe('rejected');
  },

  'the module cancels while pending, but not once signing has started': (walk) => {
    const pending = walk.start({ routes: ONE_APPROVER }, SIMRAL).snapshot;
    const cancelled = walk.fire(pending, 'cancel', SIMRAL);
    expect(cancelled.snapshot).toMatchObject({ state: 'cancelled', done: true });
    expect(actionNames(cancelled)).toEqual(['entry:emitWebhook']);
    expect(walk.attempt(signing(walk), 'cancel', SIMRAL)).toMatchObject({ code: WorkflowErrorCode.TRANSITION_NOT_ALLOWED });
  },
};

describe('approval-basic workflow', () => {
  it('may be started by other modules and emits a webhook on entering every state', () => {
    expect(workflow.definition.usableByModules).toBe(true);
    for (const state of Object.values(workflow.definition.states)) {
      expect(state.onEntry).toContain('emitWebhook');
    }
  });
  for (const [name, run] of Object.entries(scenarios)) {
    it(name, () => run(new WorkflowWalk(workflow, FACTS)));
  }
  describeWorkflowCoverage(workflow, FACTS, scenarios);
});
