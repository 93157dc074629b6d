import { actionsThatRun, JOB_ACTION_NAMES, WORKFLOW_ACTION_NAMES } from './workflow-actions.registry';

describe('workflow actions registry', () => {
  it('says where each action runs', () => {
    expect([...actionsThatRun('signing')]).toEqual(['assignNumber', 'signDocument']);
    expect([...actionsThatRun('records')].sort()).toEqual(['emitWebhook', 'notify', 'requestSignature']);
    expect(actionsThatRun('signing').size + actionsThatRun('records').size + actionsThatRun('afterCommit').size).toBe(WORKFLOW_ACTION_NAMES.length);
  });

  it('asks a job handler for every action a worker may be given: after commit, or queued by an earlier version', () => {
    expect(JOB_ACTION_NAMES).not.toContain('signDocument');
    expect(JOB_ACTION_NAMES).toEqual(expect.arrayContaining(['assignNumber', 'notify', 'requestSignature', 'emitWebhook', ...actionsThatRun('afterCommit')]));
    expect(JOB_ACTION_NAMES).toHaveLength(WORKFLOW_ACTION_NAMES.length - 1);
  });
});
