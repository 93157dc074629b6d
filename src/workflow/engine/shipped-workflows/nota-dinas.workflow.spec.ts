import { planRoutes, start } from '../workflow-interpreter';
import { WorkflowErrorCode } from '../workflow.errors';
import type { LetterFacts, RoutePlans, WorkflowActor, WorkflowSnapshot } from '../../../records/workflow-snapshot.types';
import { describeWorkflowCoverage, Scenario } from '../testing/workflow-coverage.testkit';
import { actionNames, NOW, PEOPLE, shippedWorkflow, WorkflowWalk } from '../testing/workflow-walk.testkit';

const workflow = shippedWorkflow('nota-dinas');

const FACTS: LetterFacts = {
  drafterPersonId: PEOPLE.staf.personId,
  hasPdf: false,
  internalRecipientCount: 3,
  externalRecipientCount: 0,
};

const ROUTES: RoutePlans = {
  reviewers: [{ positionIds: ['kasi.aplikasi'] }, { positionIds: ['kabid.tik'] }],
  signers: [{ positionIds: ['kadis.kominfo'] }],
};

const COSIGNED: RoutePlans = { ...ROUTES, signers: [{ positionIds: ['kadis.kominfo'] }, { positionIds: ['sekda'] }] };

/** The Kabid post is vacant; the Kasi Infrastruktur is its Plt. */
const PLT_KABID: WorkflowActor = { ...PEOPLE.kasiInfra, delegations: [{ positionId: 'kabid.tik', kind: 'plt' }] };

function inReview(walk: WorkflowWalk, routes: RoutePlans = ROUTES): WorkflowSnapshot {
  return walk.fire(walk.start({ routes }, PEOPLE.staf).snapshot, 'submit', PEOPLE.staf).snapshot;
}

function atKabid(walk: WorkflowWalk): WorkflowSnapshot {
  return walk.fire(inReview(walk), 'approve', PEOPLE.kasiAplikasi).snapshot;
}

function awaitingSignature(walk: WorkflowWalk, routes: RoutePlans = ROUTES): WorkflowSnapshot {
  const first = walk.fire(inReview(walk, routes), 'approve', PEOPLE.kasiAplikasi).snapshot;
  return walk.fire(first, 'approve', PEOPLE.kabid).snapshot;
}

const scenarios: Record<string, Scenario> = {
  'without reviewers the memo goes straight to the signer': (walk) => {
    const draft = walk.start({ routes: { signers: ROUTES.signers } }, PEOPLE.staf).snapshot;
    const submitted = walk.fire(draft, 'submit', PEOPLE.staf);
    expect(submitted.snapshot.state).toBe('awaiting_signature');
    expect(actionNames(submitted)).toEqual(['step:requestSignature', 'step:notify']);
  },

  'happy path: review, signature, internal distribution, filing': (walk) => {
    const review = inReview(walk);
    expect(review.state).toBe('review');
    const signed = walk.fire(awaitingSignature(walk), 'sign', PEOPLE.kadis);
    expect(actionNames(signed)).toEqual(['transition:assignNumber', 'transition:signDocument']);
    const distributed = walk.fire(signed.snapshot, 'distribute', PEOPLE.staf, { facts: { hasPdf: true } });
    expect(distributed.snapshot.state).toBe('distributed');
    expect(actionNames(distributed)).toEqual(['entry:deliverInternal', 'entry:notify']);
    const filed = walk.fire(distributed.snapshot, 'file', PEOPLE.tu);
    expect(filed.snapshot).toMatchObject({ state: 'filed', done: true });
  },

  'return goes one step back, and from the first step to the drafter': (walk) => {
    const back = walk.fire(atKabid(walk), 'return', PEOPLE.kabid, { comment: 'Kasi periksa ulang angka anggaran.' });
    expect(back.snapshot.state).toBe('review');
    expect(back.snapshot.routes.reviewers.cursor).toBe(0);
    expect(back.snapshot.routes.reviewers.steps.map((step) => step.approvals)).toEqual([[], []]);
    expect(back.history.route).toEqual({ name: 'reviewers', cursorBefore: 1, cursorAfter: 0 });
    expect(back.actions).toEqual([
      { name: 'notify', trigger: 'step', event: 'return', state: 'review', step: { route: 'reviewers', index: 0, positionIds: ['kasi.aplikasi'] } },
    ]);
    expect(back.snapshot.returned).toBeUndefined();

    const toDrafter = walk.fire(back.snapshot, 'return', PEOPLE.kasiAplikasi, { comment: 'Perbaiki angka.' });
    expect(toDrafter.snapshot.state).toBe('returned');
    expect(toDrafter.snapshot.returned).toMatchObject({ state: 'review', step: 0, positionId: 'kasi.aplikasi' });
  },

  'resubmission resumes at the reviewer who returned it, earlier parafs kept': (walk) => {
    const returned = walk.fire(atKabid(walk), 'return_to_drafter', PEOPLE.kabid, { comment: 'Lengkapi lampiran.' });
    expect(returned.snapshot.returned).toMatchObject({ state: 'review', step: 1, event: 'return_to_drafter' });
    const resumed = walk.fire(returned.snapshot, 'resubmit', PEOPLE.staf);
    expect(resumed.snapshot).toMatchObject({ state: 'review', revision: 2 });
    expect(resumed.snapshot.routes.reviewers.cursor).toBe(1);
    expect(resumed.snapshot.routes.reviewers.steps[0].approvals).toHaveLength(1);
    expect(actionNames(resumed)).toEqual(['entry:renderDocument', 'step:notify']);
    expect(resumed.actions[1].step?.positionIds).toEqual(['kabid.tik']);
  },

  'the signer returns it to the drafter; resubmission goes back to the signer': (walk) => {
    const returned = walk.fire(awaitingSignature(walk), 'return_to_drafter', PEOPLE.kadis, { comment: 'Salah tanggal.' });
    const resumed = walk.fire(returned.snapshot, 'resubmit', PEOPLE.staf);
    expect(resumed.snapshot.state).toBe('awaiting_signature');
    expect(resumed.snapshot.routes.reviewers.steps.map((step) => step.approvals.length)).toEqual([1, 1]);
    expect(actionNames(resumed)).toEqual(['step:requestSignature', 'step:notify']);
  },

  'the second signer sends it back to the first; the first signer sends it to the drafter': (walk) => {
    const firstSigned = walk.fire(awaitingSignature(walk, COSIGNED), 'sign', PEOPLE.kadis).snapshot;
    const back = walk.fire(firstSigned, 'return', PEOPLE.sekda, { comment: 'Kadis mohon tinjau ulang.' });
    expect(back.snapshot.state).toBe('awaiting_signature');
    expect(back.snapshot.routes.signers).toMatchObject({ cursor: 0 });
    expect(back.snapshot.routes.signers.steps[0].approvals).toEqual([]);
    expect(back.actions.map((action) => [action.name, action.step?.positionIds])).toEqual([
      ['requestSignature', ['kadis.kominfo']],
      ['notify', ['kadis.kominfo']],
    ]);
    const toDrafter = walk.fire(back.snapshot, 'return', PEOPLE.kadis, { comment: 'Perbaiki.' });
    expect(toDrafter.snapshot.state).toBe('returned');
  },

  'routes changed during revision start from the first step (or skip review)': (walk) => {
    const returned = walk.fire(atKabid(walk), 'return_to_drafter', PEOPLE.kabid, { comment: 'Ganti pemeriksa.' }).snapshot;
    const withoutReview = planRoutes(workflow, returned, { reviewers: [] });
    if (!withoutReview.ok) throw new Error(withoutReview.reason);
    expect(withoutReview.snapshot.returned).toBeUndefined();
    expect(walk.fire(withoutReview.snapshot, 'resubmit', PEOPLE.staf).snapshot.state).toBe('awaiting_signature');

    const newReviewer = planRoutes(workflow, returned, { reviewers: [{ positionIds: ['kasi.data'] }] });
    if (!newReviewer.ok) throw new Error(newReviewer.reason);
    const resubmitted = walk.fire(newReviewer.snapshot, 'resubmit', PEOPLE.staf);
    expect(resubmitted.snapshot.state).toBe('review');
    expect(walk.allowed(resubmitted.snapshot, PEOPLE.kasiData)).toContain('approve');
  },

  'the Plt of a vacant Kabid post initials': (walk) => {
    const approved = walk.fire(atKabid(walk), 'approve', PLT_KABID);
    expect(approved.snapshot.state).toBe('awaiting_signature');
    expect(approved.history.actedAs).toEqual({ clause: 'stepAssignee', positionId: 'kabid.tik', capacity: 'plt' });
  },

  'the review chain is capped at three steps': () => {
    const four = [...ROUTES.reviewers!, { positionIds: ['sekdis.kominfo'] }, { positionIds: ['kasi.data'] }];
    const refused = start(workflow, { routes: { ...ROUTES, reviewers: four } }, { actor: PEOPLE.staf, facts: FACTS, now: NOW });
    expect(refused).toEqual({ ok: false, code: WorkflowErrorCode.ROUTE_INVALID, reason: 'route "reviewers" has 4 steps; at most 3 allowed' });
  },

  'a memo with an external recipient cannot be distributed': (walk) => {
    const signed = walk.fire(awaitingSignature(walk), 'sign', PEOPLE.kadis).snapshot;
    expect(walk.attempt(signed, 'distribute', PEOPLE.staf, { facts: { hasPdf: true, externalRecipientCount: 1 } })).toEqual({
      ok: false,
      code: WorkflowErrorCode.GUARD_REFUSED,
      reason: 'internalRecipientsOnly: an internal memo needs internal recipients only',
    });
  },

  'rejection and cancellation': (walk) => {
    expect(walk.fire(inReview(walk), 'reject', PEOPLE.kasiAplikasi, { comment: 'Tidak relevan.' }).snapshot.state).toBe('rejected');
    expect(walk.fire(awaitingSignature(walk), 'reject', PEOPLE.kadis, { comment: 'Tidak disetujui.' }).snapshot.state).toBe('rejected');
    const draft = walk.start({ routes: ROUTES }, PEOPLE.staf).snapshot;
    expect(walk.fire(draft, 'cancel', PEOPLE.staf).snapshot.state).toBe('cancelled');
    const returned = walk.fire(inReview(walk), 'return_to_drafter', PEOPLE.kasiAplikasi, { comment: 'x' }).snapshot;
    expect(walk.fire(returned, 'cancel', PEOPLE.staf).snapshot.state).toBe('cancelled');
    expect(walk.attempt(inReview(walk), 'cancel', PEOPLE.staf)).toMatchObject({ code: WorkflowErrorCode.TRANSITION_NOT_ALLOWED });
  },
};

describe('nota-dinas workflow', () => {
  for (const [name, run] of Object.entries(scenarios)) {
    it(name, () => run(new WorkflowWalk(workflow, FACTS)));
  }
  describeWorkflowCoverage(workflow, FACTS, scenarios);
});
