import { WorkflowErrorCode } from '../workflow.errors';
import type { LetterFacts, WorkflowSnapshot } from '../../../records/workflow-snapshot.types';
import { describeWorkflowCoverage, Scenario } from '../testing/workflow-coverage.testkit';
import { actionNames, NOW, PEOPLE, shippedWorkflow, WorkflowWalk } from '../testing/workflow-walk.testkit';

const workflow = shippedWorkflow('surat-masuk');

const HOUR = 60 * 60 * 1000;
const after = (hours: number, from = NOW) => new Date(from.getTime() + hours * HOUR).toISOString();

/** Registered by TU, addressed to the Kepala Dinas, disposed to the Kabid TIK. */
const FACTS: LetterFacts = {
  drafterPersonId: PEOPLE.tu.personId,
  urgency: 'segera',
  hasPdf: true,
  positions: { addressee: 'kadis.kominfo', dispositionRecipients: ['kabid.tik'] },
};

function registered(walk: WorkflowWalk): WorkflowSnapshot {
  return walk.start({}, PEOPLE.tu).snapshot;
}

function disposed(walk: WorkflowWalk): WorkflowSnapshot {
  return walk.fire(registered(walk), 'dispose', PEOPLE.kadis).snapshot;
}

const scenarios: Record<string, Scenario> = {
  'TU registers the letter; the deadline follows its urgency (segera: 2×24 h)': (walk) => {
    const started = walk.start({}, PEOPLE.tu);
    expect(started.snapshot.state).toBe('registered');
    expect(actionNames(started)).toEqual(['entry:notify']);
    const deadline = { id: 'registered@1', state: 'registered', event: 'overdue', dueAt: after(48) };
    expect(started.deadlines).toEqual({ set: deadline });
    expect(started.snapshot.deadline).toEqual(deadline);
  },

  'dispose, report, done: each state change moves the deadline': (walk) => {
    const later = new Date(NOW.getTime() + 3 * HOUR);
    const disposition = walk.fire(registered(walk), 'dispose', PEOPLE.kadis, { now: later });
    expect(disposition.snapshot.state).toBe('disposed');
    expect(disposition.deadlines).toEqual({
      cancel: { id: 'registered@1', state: 'registered', event: 'overdue', dueAt: after(48) },
      set: { id: 'disposed@2', state: 'disposed', event: 'overdue', dueAt: after(48, later) },
    });

    const report = walk.fire(disposition.snapshot, 'report', PEOPLE.kabid, { comment: 'Sudah dikoordinasikan dengan vendor.' });
    expect(report.snapshot.state).toBe('followed_up');
    expect(report.snapshot.deadline).toBeUndefined();
    expect(report.deadlines).toEqual({ cancel: expect.objectContaining({ id: 'disposed@2' }) });
    expect(report.history.comment).toBe('Sudah dikoordinasikan dengan vendor.');

    const done = walk.fire(report.snapshot, 'complete', PEOPLE.kadis);
    expect(done.snapshot).toMatchObject({ state: 'done', done: true });
    expect(actionNames(done)).toEqual(['entry:archive']);
    expect(done.deadlines).toEqual({});
  },

  'the Sekretaris Dinas disposes as Plh. Kepala Dinas': (walk) => {
    const disposition = walk.fire(registered(walk), 'dispose', PEOPLE.sekdis);
    expect(disposition.history.actedAs).toEqual({ clause: 'positionOf', positionId: 'kadis.kominfo', capacity: 'plh' });
  },

  'a further disposition keeps the state and its deadline': (walk) => {
    const before = disposed(walk);
    const further = walk.fire(before, 'dispose_further', PEOPLE.kabid);
    expect(further.snapshot.state).toBe('disposed');
    expect(actionNames(further)).toEqual(['transition:notify']);
    expect(further.deadlines).toEqual({});
    expect(further.snapshot.deadline).toEqual(before.deadline);
    expect(further.snapshot.enteredAt).toBe(before.enteredAt);
  },

  'overdue: the system marks the letter and notifies the superior; the deadline is recorded as fired': (walk) => {
    const waiting = registered(walk);
    const dueAt = new Date(waiting.deadline!.dueAt);
    const overdue = walk.fire(waiting, 'overdue', PEOPLE.system, { now: dueAt });
    expect(overdue.snapshot.state).toBe('registered');
    expect(actionNames(overdue)).toEqual(['transition:markOverdue', 'transition:notifySuperior']);
    expect(overdue.snapshot.deadline).toEqual({ ...waiting.deadline, firedAt: dueAt.toISOString() });
    expect(overdue.history).toMatchObject({ event: 'overdue', from: 'registered', to: 'registered', actorPersonId: 'system', actedAs: { clause: 'system' } });

    const disposition = walk.fire(overdue.snapshot, 'dispose', PEOPLE.kadis);
    expect(disposition.deadlines.cancel).toBeUndefined();
    expect(disposition.deadlines.set).toMatchObject({ state: 'disposed' });

    const late = walk.fire(disposition.snapshot, 'overdue', PEOPLE.system);
    expect(late.snapshot.deadline?.firedAt).toBe(NOW.toISOString());
  },

  'people cannot declare a letter overdue, and the system cannot dispose': (walk) => {
    const waiting = registered(walk);
    expect(walk.attempt(waiting, 'overdue', PEOPLE.kadis)).toEqual({
      ok: false,
      code: WorkflowErrorCode.ACTOR_NOT_ALLOWED,
      reason: 'p.kadis may not fire "overdue" now; allowed: the system',
      details: { personId: 'p.kadis', event: 'overdue', allowed: [{ kind: 'system' }] },
    });
    expect(walk.attempt(waiting, 'dispose', PEOPLE.system)).toMatchObject({ code: WorkflowErrorCode.ACTOR_NOT_ALLOWED });
    expect(walk.attempt(waiting, 'dispose', PEOPLE.kabid)).toMatchObject({ code: WorkflowErrorCode.ACTOR_NOT_ALLOWED });
    expect(walk.attempt(waiting, 'dispose', PEOPLE.kadis, { facts: { positions: {} } })).toMatchObject({
      reason: expect.stringContaining('the addressee position (none set)'),
    });
  },

  'deadline lengths come from the urgency table': (walk) => {
    const dueFor = (urgency?: LetterFacts['urgency']) => walk.start({}, PEOPLE.tu, { facts: { urgency } }).snapshot.deadline?.dueAt;
    expect(dueFor('sangat_segera')).toBe(after(24));
    expect(dueFor('kilat')).toBe(after(12));
    expect(dueFor('biasa')).toBe(after(5 * 24));
    expect(dueFor(undefined)).toBe(after(5 * 24));
  },

  'the addressee asks for more follow-up, with a new deadline': (walk) => {
    const followedUp = walk.fire(disposed(walk), 'report', PEOPLE.kabid, { comment: 'Selesai.' }).snapshot;
    expect(walk.attempt(followedUp, 'reopen', PEOPLE.kadis)).toMatchObject({ code: WorkflowErrorCode.NOTE_REQUIRED });
    const reopened = walk.fire(followedUp, 'reopen', PEOPLE.kadis, { comment: 'Lampirkan notulen.' });
    expect(reopened.snapshot.state).toBe('disposed');
    expect(reopened.deadlines).toEqual({ set: { id: 'disposed@4', state: 'disposed', event: 'overdue', dueAt: after(48) } });
  },

  'a letter for information only is completed straight from the agenda': (walk) => {
    const done = walk.fire(registered(walk), 'complete', PEOPLE.kadis);
    expect(done.snapshot.state).toBe('done');
    expect(done.deadlines.cancel).toMatchObject({ id: 'registered@1' });
  },

  'TU cancels a wrong registration with a note': (walk) => {
    const waiting = registered(walk);
    expect(walk.attempt(waiting, 'cancel', PEOPLE.tu)).toMatchObject({ code: WorkflowErrorCode.NOTE_REQUIRED });
    expect(walk.attempt(waiting, 'cancel', PEOPLE.kadis, { comment: 'x' })).toMatchObject({ code: WorkflowErrorCode.ACTOR_NOT_ALLOWED });
    const cancelled = walk.fire(waiting, 'cancel', PEOPLE.tu, { comment: 'Salah alamat, dikembalikan ke pengirim.' });
    expect(cancelled.snapshot).toMatchObject({ state: 'cancelled', done: true });
    expect(cancelled.deadlines.cancel).toMatchObject({ id: 'registered@1' });
  },
};

describe('surat-masuk workflow', () => {
  for (const [name, run] of Object.entries(scenarios)) {
    it(name, () => run(new WorkflowWalk(workflow, FACTS)));
  }
  describeWorkflowCoverage(workflow, FACTS, scenarios);
});
