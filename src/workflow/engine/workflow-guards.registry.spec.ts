import { emptyRoute } from './route-progress';
import { BUILT_IN_GUARD_NAMES, BUILT_IN_GUARDS } from './workflow-guards.registry';
import type { LetterFacts, WorkflowSnapshot } from '../../records/workflow-snapshot.types';

const step = { positionIds: ['a'], mode: 'all' as const, required: 1, approvals: [] };

function snapshot(reviewers: number, signers: number): WorkflowSnapshot {
  return {
    workflow: { key: 'x', version: 1, hash: 'h' },
    state: 'draft',
    done: false,
    seq: 1,
    revision: 1,
    enteredAt: '2026-04-06T08:00:00.000Z',
    routes: {
      reviewers: { ...emptyRoute(), steps: Array.from({ length: reviewers }, () => step) },
      signers: { ...emptyRoute(), steps: Array.from({ length: signers }, () => step) },
    },
  };
}

const test = (name: keyof typeof BUILT_IN_GUARDS, snap: WorkflowSnapshot, facts: Partial<LetterFacts> = {}) =>
  BUILT_IN_GUARDS[name].test({ snapshot: snap, facts: { drafterPersonId: 'p', ...facts } });

describe('built-in guards', () => {
  it('each has a description and a refusal message', () => {
    for (const name of BUILT_IN_GUARD_NAMES) {
      expect(BUILT_IN_GUARDS[name].description).not.toHaveLength(0);
      expect(BUILT_IN_GUARDS[name].refusal).not.toHaveLength(0);
    }
  });

  it('hasReviewers and hasSigners look at the routes', () => {
    expect([test('hasReviewers', snapshot(1, 0)), test('hasReviewers', snapshot(0, 1))]).toEqual([true, false]);
    expect([test('hasSigners', snapshot(0, 1)), test('hasSigners', snapshot(1, 0))]).toEqual([true, false]);
  });

  it('hasSignersIfPdf requires a signer only when a PDF is attached', () => {
    expect(test('hasSignersIfPdf', snapshot(1, 0))).toBe(true);
    expect(test('hasSignersIfPdf', snapshot(1, 0), { hasPdf: true })).toBe(false);
    expect(test('hasSignersIfPdf', snapshot(1, 1), { hasPdf: true })).toBe(true);
  });

  it('hasPdf', () => {
    expect([test('hasPdf', snapshot(0, 0), { hasPdf: true }), test('hasPdf', snapshot(0, 0))]).toEqual([true, false]);
  });

  it('hasRecipients counts internal and external recipients', () => {
    expect(test('hasRecipients', snapshot(0, 0))).toBe(false);
    expect(test('hasRecipients', snapshot(0, 0), { externalRecipientCount: 1 })).toBe(true);
    expect(test('hasRecipients', snapshot(0, 0), { internalRecipientCount: 1 })).toBe(true);
  });

  it('internalRecipientsOnly needs internal recipients and no external one', () => {
    expect(test('internalRecipientsOnly', snapshot(0, 0), { internalRecipientCount: 2 })).toBe(true);
    expect(test('internalRecipientsOnly', snapshot(0, 0), { internalRecipientCount: 2, externalRecipientCount: 1 })).toBe(false);
    expect(test('internalRecipientsOnly', snapshot(0, 0))).toBe(false);
  });
});
