import { WorkflowErrorCode } from '../workflow.errors';
import type { LetterFacts, RoutePlans, WorkflowSnapshot } from '../../../records/workflow-snapshot.types';
import { describeWorkflowCoverage, Scenario } from '../testing/workflow-coverage.testkit';
import { actionNames, NOW, PEOPLE, shippedWorkflow, WorkflowWalk } from '../testing/workflow-walk.testkit';

const workflow = shippedWorkflow('usul-musnah');

/** The arsiparis drafts the disposal list. */
const FACTS: LetterFacts = { drafterPersonId: PEOPLE.arsiparis.personId, hasPdf: false };

/** Panitia Penilai Arsip: two members in order; the Sekretaris Daerah approves and signs. */
const ROUTES: RoutePlans = {
  reviewers: [{ positionIds: ['kabid.tik'] }, { positionIds: ['sekdis.kominfo'] }],
  signers: [{ positionIds: ['sekda'] }],
};

function inReview(walk: WorkflowWalk): WorkflowSnapshot {
  return walk.fire(walk.start({ routes: ROUTES }, PEOPLE.arsiparis).snapshot, 'submit', PEOPLE.arsiparis).snapshot;
}

function awaitingSignature(walk: WorkflowWalk): WorkflowSnapshot {
  const first = walk.fire(inReview(walk), 'approve', PEOPLE.kabid).snapshot;
  return walk.fire(first, 'approve', PEOPLE.sekdis, { asPositionId: 'sekdis.kominfo' }).snapshot;
}

const scenarios: Record<string, Scenario> = {
  'the panel assesses in order, the official signs, and the contents are destroyed': (walk) => {
    const review = inReview(walk);
    expect(review.state).toBe('review');
    const second = walk.fire(review, 'approve', PEOPLE.kabid);
    expect(second.snapshot.state).toBe('review');
    const signing = walk.fire(second.snapshot, 'approve', PEOPLE.sekdis, { asPositionId: 'sekdis.kominfo' });
    expect(signing.snapshot.state).toBe('awaiting_signature');
    expect(actionNames(signing)).toEqual(['step:requestSignature', 'step:notify']);
    const destroyed = walk.fire(signing.snapshot, 'sign', PEOPLE.sekda);
    expect(destroyed.snapshot).toMatchObject({ state: 'destroyed', done: true });
    expect(actionNames(destroyed)).toEqual(['transition:assignNumber', 'transition:signDocument', 'entry:destroyContents', 'entry:notify']);
  },

  'with two approving officials, both sign in order before anything is destroyed': (walk) => {
    const routes = { ...ROUTES, signers: [{ positionIds: ['kadis.kominfo'] }, { positionIds: ['sekda'] }] };
    const review = walk.fire(walk.start({ routes }, PEOPLE.arsiparis).snapshot, 'submit', PEOPLE.arsiparis).snapshot;
    const panel = walk.fire(walk.fire(review, 'approve', PEOPLE.kabid).snapshot, 'approve', PEOPLE.sekdis, { asPositionId: 'sekdis.kominfo' }).snapshot;
    const first = walk.fire(panel, 'sign', PEOPLE.kadis);
    expect(first.snapshot.state).toBe('awaiting_signature');
    expect(actionNames(first)).not.toContain('entry:destroyContents');
    expect(walk.fire(first.snapshot, 'sign', PEOPLE.sekda).snapshot.state).toBe('destroyed');
  },

  'only the arsiparis who drafted it submits; a panel member cannot sign': (walk) => {
    const draft = walk.start({ routes: ROUTES }, PEOPLE.arsiparis).snapshot;
    expect(walk.attempt(draft, 'submit', PEOPLE.staf)).toMatchObject({ ok: false, code: WorkflowErrorCode.ACTOR_NOT_ALLOWED });
    expect(walk.attempt(awaitingSignature(walk), 'sign', PEOPLE.kabid)).toMatchObject({ ok: false, code: WorkflowErrorCode.ACTOR_NOT_ALLOWED });
  },

  'a list needs the panel and the signer': () => {
    const walk = new WorkflowWalk(workflow, FACTS);
    const draft = walk.start({ routes: { signers: ROUTES.signers } }, PEOPLE.arsiparis).snapshot;
    expect(walk.attempt(draft, 'submit', PEOPLE.arsiparis)).toMatchObject({ ok: false, code: WorkflowErrorCode.GUARD_REFUSED });
  },

  'returned by the panel or the signer, resubmitted to the first member': (walk) => {
    const returned = walk.fire(inReview(walk), 'return', PEOPLE.kabid, { comment: 'Berkas 3 belum jatuh tempo.' });
    expect(returned.snapshot.state).toBe('returned');
    const again = walk.fire(returned.snapshot, 'resubmit', PEOPLE.arsiparis);
    expect(again.snapshot).toMatchObject({ state: 'review', revision: 2 });
    expect(again.snapshot.routes.reviewers.cursor).toBe(0);
    expect(walk.fire(awaitingSignature(walk), 'return', PEOPLE.sekda, { comment: 'Lengkapi daftar.' }).snapshot.state).toBe('returned');
  },

  'rejection, cancellation and lateness': (walk) => {
    expect(walk.fire(inReview(walk), 'reject', PEOPLE.kabid, { comment: 'Masih diperlukan.' }).snapshot.state).toBe('rejected');
    expect(walk.fire(awaitingSignature(walk), 'reject', PEOPLE.sekda, { comment: 'Tidak disetujui.' }).snapshot.state).toBe('rejected');
    expect(walk.fire(walk.start({ routes: ROUTES }, PEOPLE.arsiparis).snapshot, 'cancel', PEOPLE.arsiparis).snapshot.state).toBe('cancelled');
    expect(walk.fire(inReview(walk), 'cancel', PEOPLE.arsiparis).snapshot.state).toBe('cancelled');
    const returned = walk.fire(inReview(walk), 'return', PEOPLE.kabid, { comment: 'x' }).snapshot;
    expect(walk.fire(returned, 'cancel', PEOPLE.arsiparis).snapshot.state).toBe('cancelled');
    const review = inReview(walk);
    const late = walk.fire(review, 'overdue', PEOPLE.system, { now: new Date(review.deadline!.dueAt) });
    expect(late.snapshot.state).toBe('review');
    expect(actionNames(late)).toEqual(['transition:markOverdue', 'transition:notifySuperior']);
    expect(walk.fire(awaitingSignature(walk), 'overdue', PEOPLE.system, { now: new Date(NOW.getTime() + 30 * 86400_000) }).snapshot.state).toBe('awaiting_signature');
  },
};

describe('usul-musnah workflow', () => {
  for (const [name, run] of Object.entries(scenarios)) {
    it(name, () => run(new WorkflowWalk(workflow, FACTS)));
  }
  describeWorkflowCoverage(workflow, FACTS, scenarios);
});
