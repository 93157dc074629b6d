import { WorkflowErrorCode } from '../workflow.errors';
import type { LetterFacts, RoutePlans, WorkflowSnapshot } from '../../../records/workflow-snapshot.types';
import { describeWorkflowCoverage, Scenario } from '../testing/workflow-coverage.testkit';
import { actionNames, NOW, PEOPLE, shippedWorkflow, WorkflowWalk } from '../testing/workflow-walk.testkit';

const FACTS: LetterFacts = {
  drafterPersonId: PEOPLE.staf.personId,
  urgency: 'segera',
  hasPdf: false,
  internalRecipientCount: 1,
  externalRecipientCount: 2,
};

/** Kasi Aplikasi then Kabid TIK initial the draft; the Kepala Dinas signs. */
const ROUTES: RoutePlans = {
  reviewers: [{ positionIds: ['kasi.aplikasi'] }, { positionIds: ['kabid.tik'] }],
  signers: [{ positionIds: ['kadis.kominfo'] }],
};

function inReview(walk: WorkflowWalk, routes: RoutePlans = ROUTES): WorkflowSnapshot {
  const draft = walk.start({ routes }, PEOPLE.staf).snapshot;
  return walk.fire(draft, 'submit', PEOPLE.staf).snapshot;
}

function awaitingSignature(walk: WorkflowWalk, routes: RoutePlans = ROUTES): WorkflowSnapshot {
  const first = walk.fire(inReview(walk, routes), 'approve', PEOPLE.kasiAplikasi).snapshot;
  return walk.fire(first, 'approve', PEOPLE.kabid).snapshot;
}

const scenarios: Record<string, Scenario> = {
  'happy path: konsep, two parafs, TTE, number, send, file': (walk) => {
    const started = walk.start({ routes: ROUTES }, PEOPLE.staf);
    expect(started.snapshot).toMatchObject({ state: 'draft', seq: 1, revision: 1, done: false });
    expect(started.history).toMatchObject({ event: '$start', from: null, to: 'draft', actorPersonId: 'p.staf' });
    expect(started.actions).toEqual([]);

    const submitted = walk.fire(started.snapshot, 'submit', PEOPLE.staf);
    expect(submitted.snapshot.state).toBe('review');
    expect(submitted.actions).toEqual([
      { name: 'renderDocument', trigger: 'entry', event: 'submit', state: 'review' },
      { name: 'notify', trigger: 'step', event: 'submit', state: 'review', step: { route: 'reviewers', index: 0, positionIds: ['kasi.aplikasi'] } },
    ]);

    const firstParaf = walk.fire(submitted.snapshot, 'approve', PEOPLE.kasiAplikasi);
    expect(firstParaf.snapshot.state).toBe('review');
    expect(firstParaf.history.route).toEqual({ name: 'reviewers', cursorBefore: 0, cursorAfter: 1 });
    expect(firstParaf.actions.map((action) => action.step?.positionIds)).toEqual([['kabid.tik']]);

    const secondParaf = walk.fire(firstParaf.snapshot, 'approve', PEOPLE.kabid);
    expect(secondParaf.snapshot.state).toBe('awaiting_signature');
    expect(actionNames(secondParaf)).toEqual(['step:requestSignature', 'step:notify']);
    expect(secondParaf.actions[0].step).toEqual({ route: 'signers', index: 0, positionIds: ['kadis.kominfo'] });

    const signed = walk.fire(secondParaf.snapshot, 'sign', PEOPLE.kadis);
    expect(signed.snapshot.state).toBe('signed');
    expect(actionNames(signed)).toEqual(['transition:assignNumber', 'transition:signDocument']);
    expect(signed.snapshot.routes.signers.steps[0].approvals).toEqual([
      { positionId: 'kadis.kominfo', personId: 'p.kadis', capacity: 'holder', at: NOW.toISOString() },
    ]);

    const sent = walk.fire(signed.snapshot, 'send', PEOPLE.staf, { facts: { hasPdf: true } });
    expect(actionNames(sent)).toEqual(['entry:dispatch', 'entry:notify']);

    const filed = walk.fire(sent.snapshot, 'file', PEOPLE.arsiparis);
    expect(filed.snapshot).toMatchObject({ state: 'filed', done: true, seq: 7, revision: 1 });
    expect(actionNames(filed)).toEqual(['entry:archive']);
    expect(walk.allowed(filed.snapshot, PEOPLE.arsiparis)).toEqual([]);
  },

  'each person is offered only their own buttons': (walk) => {
    const review = inReview(walk);
    expect(walk.allowed(review, PEOPLE.staf)).toEqual(['cancel']);
    expect(walk.allowed(review, PEOPLE.kasiAplikasi)).toEqual(['approve', 'return', 'reject']);
    expect(walk.allowed(review, PEOPLE.kabid)).toEqual([]);
    const signed = walk.fire(awaitingSignature(walk), 'sign', PEOPLE.kadis).snapshot;
    expect(walk.allowed(signed, PEOPLE.tu)).toEqual([]);
    expect(walk.allowed(signed, PEOPLE.tu, { facts: { hasPdf: true } })).toEqual(['send']);
    const sent = walk.fire(signed, 'send', PEOPLE.tu, { facts: { hasPdf: true } }).snapshot;
    expect(walk.allowed(sent, PEOPLE.tu)).toEqual(['file']);
  },

  'the Sekretaris Dinas signs as Plh. Kepala Dinas': (walk) => {
    const signed = walk.fire(awaitingSignature(walk), 'sign', PEOPLE.sekdis);
    expect(signed.snapshot.state).toBe('signed');
    expect(signed.history).toMatchObject({
      actorPersonId: 'p.sekdis',
      actedAs: { clause: 'stepAssignee', positionId: 'kadis.kominfo', capacity: 'plh' },
    });
    expect(signed.snapshot.routes.signers.steps[0].approvals[0]).toMatchObject({ personId: 'p.sekdis', capacity: 'plh' });
  },

  'co-signed letter: the signers sign in order': (walk) => {
    const cosigned = { ...ROUTES, signers: [{ positionIds: ['kadis.kominfo'] }, { positionIds: ['sekda'] }] };
    const waiting = awaitingSignature(walk, cosigned);
    expect(walk.attempt(waiting, 'sign', PEOPLE.sekda)).toMatchObject({ ok: false, code: WorkflowErrorCode.ACTOR_NOT_ALLOWED });

    const first = walk.fire(waiting, 'sign', PEOPLE.kadis);
    expect(first.snapshot.state).toBe('awaiting_signature');
    // Every signature is numbered-and-signed by the signing plugin (it numbers only the first).
    expect(first.actions.map((action) => [action.name, action.step?.positionIds])).toEqual([
      ['assignNumber', undefined],
      ['signDocument', undefined],
      ['requestSignature', ['sekda']],
      ['notify', ['sekda']],
    ]);
    expect(walk.attempt(first.snapshot, 'sign', PEOPLE.kadis)).toMatchObject({ ok: false, code: WorkflowErrorCode.ACTOR_NOT_ALLOWED });

    const second = walk.fire(first.snapshot, 'sign', PEOPLE.sekda);
    expect(second.snapshot.state).toBe('signed');
    expect(second.history.route).toEqual({ name: 'signers', cursorBefore: 1, cursorAfter: 2 });
  },

  'the wrong people are refused, with who is expected': (walk) => {
    const review = inReview(walk);
    const early = walk.attempt(review, 'approve', PEOPLE.kabid);
    expect(early).toEqual({
      ok: false,
      code: WorkflowErrorCode.ACTOR_NOT_ALLOWED,
      reason: 'p.kabid may not fire "approve" now; allowed: an assignee of the current step (kasi.aplikasi)',
      details: { personId: 'p.kabid', event: 'approve', allowed: [{ kind: 'stepAssignee', positionIds: ['kasi.aplikasi'] }] },
    });
    expect(walk.attempt(review, 'approve', PEOPLE.staf)).toMatchObject({ ok: false, code: WorkflowErrorCode.ACTOR_NOT_ALLOWED });
    expect(walk.attempt(review, 'cancel', PEOPLE.kasiAplikasi)).toMatchObject({ ok: false, code: WorkflowErrorCode.ACTOR_NOT_ALLOWED });
    expect(walk.attempt(review, 'approve', PEOPLE.system)).toMatchObject({ ok: false, code: WorkflowErrorCode.ACTOR_NOT_ALLOWED });
  },

  'returned to the drafter with a note; resubmission restarts at the first reviewer': (walk) => {
    const atKabid = walk.fire(inReview(walk), 'approve', PEOPLE.kasiAplikasi).snapshot;
    expect(walk.attempt(atKabid, 'return', PEOPLE.kabid)).toMatchObject({ ok: false, code: WorkflowErrorCode.NOTE_REQUIRED });

    const returned = walk.fire(atKabid, 'return', PEOPLE.kabid, { comment: '  Perbaiki dasar hukum.  ' });
    expect(returned.snapshot.state).toBe('returned');
    expect(returned.snapshot.returned).toEqual({
      state: 'review',
      route: 'reviewers',
      step: 1,
      positionId: 'kabid.tik',
      personId: 'p.kabid',
      event: 'return',
      at: NOW.toISOString(),
    });
    expect(returned.history).toMatchObject({ comment: 'Perbaiki dasar hukum.', route: { name: 'reviewers', cursorBefore: 1, cursorAfter: 1 } });
    expect(actionNames(returned)).toEqual(['entry:notify']);
    expect(walk.allowed(returned.snapshot, PEOPLE.staf)).toEqual(['resubmit', 'cancel']);

    const resubmitted = walk.fire(returned.snapshot, 'resubmit', PEOPLE.staf);
    expect(resubmitted.snapshot).toMatchObject({ state: 'review', revision: 2 });
    expect(resubmitted.snapshot.returned).toBeUndefined();
    expect(resubmitted.snapshot.routes.reviewers.cursor).toBe(0);
    expect(resubmitted.snapshot.routes.reviewers.steps.map((step) => step.approvals)).toEqual([[], []]);
    expect(walk.allowed(resubmitted.snapshot, PEOPLE.kasiAplikasi)).toContain('approve');
  },

  'the signer returns the draft; the whole review starts over': (walk) => {
    const returned = walk.fire(awaitingSignature(walk), 'return', PEOPLE.kadis, { comment: 'Ganti lampiran.' });
    expect(returned.snapshot.returned).toMatchObject({ state: 'awaiting_signature', route: 'signers', step: 0 });
    const resubmitted = walk.fire(returned.snapshot, 'resubmit', PEOPLE.staf);
    expect(resubmitted.snapshot.state).toBe('review');
    expect(resubmitted.snapshot.routes.reviewers).toMatchObject({ cursor: 0 });
    expect(resubmitted.snapshot.routes.reviewers.steps.every((step) => step.approvals.length === 0)).toBe(true);
  },

  'a reviewer or the signer rejects with a note': (walk) => {
    const rejected = walk.fire(inReview(walk), 'reject', PEOPLE.kasiAplikasi, { comment: 'Tidak perlu surat.' });
    expect(rejected.snapshot).toMatchObject({ state: 'rejected', done: true });
    expect(actionNames(rejected)).toEqual(['entry:notify']);
    const bySigner = walk.fire(awaitingSignature(walk), 'reject', PEOPLE.kadis, { comment: 'Ditolak.' });
    expect(bySigner.snapshot.state).toBe('rejected');
  },

  'the drafter cancels a draft, a returned draft or one under review': (walk) => {
    const draft = walk.start({ routes: ROUTES }, PEOPLE.staf).snapshot;
    expect(walk.fire(draft, 'cancel', PEOPLE.staf).snapshot).toMatchObject({ state: 'cancelled', done: true });
    expect(walk.fire(inReview(walk), 'cancel', PEOPLE.staf).snapshot.state).toBe('cancelled');
    const returned = walk.fire(inReview(walk), 'return', PEOPLE.kasiAplikasi, { comment: 'Perbaiki.' }).snapshot;
    expect(walk.fire(returned, 'cancel', PEOPLE.staf).snapshot.state).toBe('cancelled');
  },

  'guards name what is missing': (walk) => {
    const noReviewers = walk.start({ routes: { signers: ROUTES.signers } }, PEOPLE.staf).snapshot;
    expect(walk.attempt(noReviewers, 'submit', PEOPLE.staf)).toEqual({
      ok: false,
      code: WorkflowErrorCode.GUARD_REFUSED,
      reason: 'hasReviewers: choose at least one reviewer',
    });
    const noSigners = walk.start({ routes: { reviewers: ROUTES.reviewers } }, PEOPLE.staf).snapshot;
    expect(walk.attempt(noSigners, 'submit', PEOPLE.staf)).toMatchObject({ code: WorkflowErrorCode.GUARD_REFUSED, reason: expect.stringContaining('hasSigners') });

    const signed = walk.fire(awaitingSignature(walk), 'sign', PEOPLE.kadis).snapshot;
    expect(walk.attempt(signed, 'send', PEOPLE.staf)).toMatchObject({ reason: 'hasPdf: the letter has no PDF yet' });
    const noRecipients = { hasPdf: true, internalRecipientCount: 0, externalRecipientCount: 0 };
    expect(walk.attempt(signed, 'send', PEOPLE.staf, { facts: noRecipients })).toMatchObject({ reason: expect.stringContaining('hasRecipients') });
  },

  'parallel group, mode all: every position initials before the route moves on': (walk) => {
    const review = inReview(walk, { ...ROUTES, reviewers: [{ positionIds: ['kasi.aplikasi', 'kasi.infra'], mode: 'all' }] });
    const one = walk.fire(review, 'approve', PEOPLE.kasiAplikasi);
    expect(one.snapshot.state).toBe('review');
    expect(one.snapshot.routes.reviewers.cursor).toBe(0);
    expect(one.actions).toEqual([]);
    expect(walk.attempt(one.snapshot, 'approve', PEOPLE.kasiAplikasi)).toMatchObject({ code: WorkflowErrorCode.ACTOR_NOT_ALLOWED });
    const both = walk.fire(one.snapshot, 'approve', PEOPLE.kasiInfra);
    expect(both.snapshot.state).toBe('awaiting_signature');
  },

  'parallel group, mode any: the first paraf satisfies the step': (walk) => {
    const review = inReview(walk, { ...ROUTES, reviewers: [{ positionIds: ['kasi.aplikasi', 'kasi.infra', 'kasi.data'], mode: 'any' }] });
    const one = walk.fire(review, 'approve', PEOPLE.kasiData);
    expect(one.snapshot.state).toBe('awaiting_signature');
    expect(one.snapshot.routes.reviewers.steps[0].approvals.map((approval) => approval.positionId)).toEqual(['kasi.data']);
  },

  'parallel group, mode n_of_m: two of three initials are enough': (walk) => {
    const review = inReview(walk, { ...ROUTES, reviewers: [{ positionIds: ['kasi.aplikasi', 'kasi.infra', 'kasi.data'], mode: 'n_of_m', n: 2 }] });
    const one = walk.fire(review, 'approve', PEOPLE.kasiInfra);
    expect(one.snapshot.state).toBe('review');
    expect(walk.allowed(one.snapshot, PEOPLE.kasiData)).toEqual(['approve', 'return', 'reject']);
    const two = walk.fire(one.snapshot, 'approve', PEOPLE.kasiData);
    expect(two.snapshot.state).toBe('awaiting_signature');
    expect(two.snapshot.routes.reviewers.steps[0]).toMatchObject({ mode: 'n_of_m', required: 2 });
  },
  'overdue in review and at signing: the system marks it and tells the superior, the letter stays': (walk) => {
    const review = inReview(walk);
    expect(review.deadline).toMatchObject({ state: 'review', event: 'overdue', dueAt: new Date(NOW.getTime() + 48 * 3600_000).toISOString() });
    const late = walk.fire(review, 'overdue', PEOPLE.system, { now: new Date(review.deadline!.dueAt) });
    expect(late.snapshot.state).toBe('review');
    expect(actionNames(late)).toEqual(['transition:markOverdue', 'transition:notifySuperior']);
    expect(late.snapshot.deadline?.firedAt).toBe(review.deadline!.dueAt);
    expect(walk.attempt(review, 'overdue', PEOPLE.kasiAplikasi)).toMatchObject({ ok: false, code: WorkflowErrorCode.ACTOR_NOT_ALLOWED });

    const signing = awaitingSignature(walk);
    expect(signing.deadline).toMatchObject({ state: 'awaiting_signature', event: 'overdue' });
    const lateSignature = walk.fire(signing, 'overdue', PEOPLE.system);
    expect(lateSignature.snapshot.state).toBe('awaiting_signature');
    expect(walk.fire(lateSignature.snapshot, 'sign', PEOPLE.kadis).snapshot.state).toBe('signed');
  },
};

// Surat Undangan ships the surat dinas life (review, sign, number, send, file) in a file of its
// own: each file is walked on its own, so the two cannot drift apart unnoticed.
describe.each(['surat-keluar', 'surat-undangan'])('%s workflow', (key) => {
  const workflow = shippedWorkflow(key);
  for (const [name, run] of Object.entries(scenarios)) {
    it(name, () => run(new WorkflowWalk(workflow, FACTS)));
  }
  describeWorkflowCoverage(workflow, FACTS, scenarios);
});
