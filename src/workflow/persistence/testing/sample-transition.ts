import type { WorkflowSnapshot } from '../../../records/workflow-snapshot.types';
import type { TransitionRows } from '../transition-statement';

export const LETTER = '00000000-0000-4000-8000-000000000001';
export const POSITION = '00000000-0000-4000-8000-0000000000a1';

/** A transition with one of everything, so every array parameter holds a value. */
export const sampleRows = (over: Partial<TransitionRows> = {}): TransitionRows => ({
  letterId: LETTER,
  snapshot: { state: 'review', done: false } as unknown as WorkflowSnapshot,
  expectedVersion: 3,
  versionIncrement: 1,
  history: { seq: 2, event: 'submit', from: 'draft', to: 'review', at: '2026-11-22T03:00:00.000Z', actorPersonId: 'p', actedAs: { clause: 'drafter' }, revision: 1 },
  actor: { personId: null, name: 'Sistem', label: 'Sistem' },
  deadlines: { cancelId: `${LETTER}:d1`, set: { id: `${LETTER}:d2`, state: 'review', event: 'remind', dueAt: '2026-11-25T03:00:00.000Z' } },
  assignments: [{ positionId: POSITION, kind: 'review' }],
  outbox: [{ type: 'letter.transitioned', payload: { letterId: LETTER } }],
  recordOnly: ['letter.transitioned'],
  participants: [{ positionId: POSITION, role: 'reviewer', ordinal: 0 }],
  notifications: [{ positionId: POSITION, kind: 'review_request', message: 'Mohon periksa' }],
  audit: '{}',
  ...over,
});

