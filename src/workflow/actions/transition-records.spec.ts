import type { WorkflowActionRequest } from '../../records/workflow-snapshot.types';
import { notificationsFor, splitActions } from './transition-records';

const action = (name: string, state: string, extra: Partial<WorkflowActionRequest> = {}): WorkflowActionRequest => ({ name, trigger: 'entry', event: 'submit', state, ...extra });
const letter = { subject: 'Undangan Rapat Koordinasi SPBE', drafterPositionId: 'drafter' };

describe('transition records', () => {
  it('keeps notify, requestSignature and emitWebhook in the transition; the rest runs after commit, in the workflow order', () => {
    const actions = [action('dispatch', 'sent'), action('notify', 'sent'), action('renderDocument', 'review'), action('emitWebhook', 'sent'), action('requestSignature', 'sent')];
    const { inTransition, afterCommit } = splitActions(actions);
    expect(inTransition.map((a) => a.name)).toEqual(['notify', 'emitWebhook', 'requestSignature']);
    expect(afterCommit.map((a) => a.name)).toEqual(['dispatch', 'renderDocument']);
  });

  it('neither writes nor queues what the signing plugin did in the transition (also assignNumber on entering signed, as stored v1 definitions list it)', () => {
    const actions = [action('assignNumber', 'signed', { trigger: 'transition', event: 'sign' }), action('signDocument', 'signed', { trigger: 'transition', event: 'sign' }), action('assignNumber', 'signed')];
    expect(splitActions(actions)).toEqual({ inTransition: [], afterCommit: [] });
  });

  it('notify tells every position with work on the letter, by position, then the drafter of a decision', () => {
    const rows = notificationsFor([action('notify', 'returned')], letter, [
      { positionId: 'b', kind: 'revise' },
      { positionId: 'a', kind: 'review' },
    ]);
    expect(rows).toEqual([
      { positionId: 'a', kind: 'action_review', message: 'Menunggu tindakan Anda: Undangan Rapat Koordinasi SPBE' },
      { positionId: 'b', kind: 'action_revise', message: 'Menunggu tindakan Anda: Undangan Rapat Koordinasi SPBE' },
      { positionId: 'drafter', kind: 'state_returned', message: 'Konsep dikembalikan untuk diperbaiki: Undangan Rapat Koordinasi SPBE' },
    ]);
  });

  it('notify tells the drafter nothing for a state that is not a decision, nor a module (no drafter position)', () => {
    expect(notificationsFor([action('notify', 'in_review')], letter, [])).toEqual([]);
    expect(notificationsFor([action('notify', 'approved')], { ...letter, drafterPositionId: null }, [])).toEqual([]);
  });

  it('requestSignature asks the signers of the step that became current, before notify', () => {
    const rows = notificationsFor(
      [action('requestSignature', 'awaiting_signature', { trigger: 'step', step: { route: 'signers', index: 0, positionIds: ['kadis'] } }), action('notify', 'awaiting_signature')],
      letter,
      [{ positionId: 'kadis', kind: 'sign' }],
    );
    expect(rows.map((r) => [r.positionId, r.kind])).toEqual([
      ['kadis', 'sign_request'],
      ['kadis', 'action_sign'],
    ]);
  });

  it('cuts messages to the column width (500)', () => {
    const [row] = notificationsFor([action('notify', 'x')], { subject: 'x'.repeat(600), drafterPositionId: null }, [{ positionId: 'a', kind: 'review' }]);
    expect(row.message).toHaveLength(500);
  });
});
