import { transitionActions } from './workflow-action-runner.service';

describe('transitionActions', () => {
  const action = { outboxId: '41', letterId: 'l-1', seq: 3, name: 'notify', trigger: 'entry' as const, event: 'submit', state: 'review' };

  it('keeps a grouped job as it is', () => {
    const job = { letterId: 'l-1', seq: 3, actions: [action, { ...action, outboxId: '42', name: 'renderDocument' }] };
    expect(transitionActions(job)).toBe(job);
  });

  it('reads a job queued before grouping (one action, no list) as a group of one', () => {
    expect(transitionActions(action)).toEqual({ letterId: 'l-1', seq: 3, actions: [action] });
  });
});
