import { actionsThatRun } from '../definition/workflow-actions.registry';
import type { WorkflowActionRequest } from '../../records/workflow-snapshot.types';

/**
 * Actions whose whole effect is records in this database about the transition itself: an
 * in-app notification, or the webhook event a module is owed. The transition's own statement
 * writes them, so they commit with it or not at all, and cost no job.
 */
export const IN_TRANSITION_ACTIONS: ReadonlySet<string> = actionsThatRun('records');

/** Done by the signing plugin before the transition is written: nothing is left to write or queue. */
const SIGNING_ACTIONS = actionsThatRun('signing');

/** The drafter hears of these states of their letter (notify). */
export const DECISION_MESSAGES: Readonly<Record<string, string>> = {
  returned: 'Konsep dikembalikan untuk diperbaiki',
  rejected: 'Naskah ditolak',
  signed: 'Naskah telah ditandatangani',
  sent: 'Naskah telah dikirim',
  approved: 'Permohonan persetujuan disetujui',
};

/** notification.message is varchar(500). */
const MESSAGE_MAX = 500;

export interface NotificationRow {
  positionId: string;
  kind: string;
  message: string;
}

export interface TransitionLetter {
  subject: string;
  drafterPositionId: string | null;
}

/**
 * Splits what a transition requested into what its statement writes and what runs after
 * commit (render, deliver, archive...); what the signing plugin already did is in neither.
 */
export function splitActions(actions: readonly WorkflowActionRequest[]): { inTransition: WorkflowActionRequest[]; afterCommit: WorkflowActionRequest[] } {
  return {
    inTransition: actions.filter((a) => IN_TRANSITION_ACTIONS.has(a.name)),
    afterCommit: actions.filter((a) => !IN_TRANSITION_ACTIONS.has(a.name) && !SIGNING_ACTIONS.has(a.name)),
  };
}

/**
 * The notifications the in-transition actions ask for, in the order the workflow lists them:
 * - `requestSignature`: the signers of the step that became current;
 * - `notify`: every position that must act now (the letter's work items after the transition),
 *   then the drafter when the new state is a decision on their letter.
 */
export function notificationsFor(
  actions: readonly WorkflowActionRequest[],
  letter: TransitionLetter,
  workItems: readonly { positionId: string; kind: string }[],
): NotificationRow[] {
  const rows: NotificationRow[] = [];
  const add = (positionId: string, kind: string, message: string) => rows.push({ positionId, kind, message: message.slice(0, MESSAGE_MAX) });
  for (const action of actions) {
    if (action.name === 'requestSignature') {
      for (const positionId of action.step?.positionIds ?? []) add(positionId, 'sign_request', `Mohon tanda tangan elektronik: ${letter.subject}`);
    } else if (action.name === 'notify') {
      for (const item of [...workItems].sort((a, b) => a.positionId.localeCompare(b.positionId))) {
        add(item.positionId, `action_${item.kind}`, `Menunggu tindakan Anda: ${letter.subject}`);
      }
      const decision = DECISION_MESSAGES[action.state];
      if (decision && letter.drafterPositionId) add(letter.drafterPositionId, `state_${action.state}`, `${decision}: ${letter.subject}`);
    }
  }
  return rows;
}
