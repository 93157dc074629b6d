import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query';
import { ActionRequest } from './action-context';
import { DECISION_MESSAGES } from './transition-records';
import { WorkflowActionHandler } from './workflow-action.decorator';

/**
 * Notices to positions: who must act now, decisions to the drafter, overdue work to the
 * superior. Transitions write `notify` and `requestSignature` notices in their own statement
 * (transition-records.ts); these two handlers run the jobs an earlier version queued.
 */
@Injectable()
export class NotificationActions {
  /** Tells the positions that must act now; on a decision, tells the drafter. */
  @WorkflowActionHandler('notify')
  async notify(request: ActionRequest, tx: EntityManager): Promise<void> {
    const decision = DECISION_MESSAGES[request.state] ?? null;
    await preparedQuery(
      tx,
      `INSERT INTO notification (position_id, letter_id, kind, message)
       SELECT n.position_id, l.id, n.kind, left(n.message, 500)
         FROM letter l
         CROSS JOIN LATERAL (
           SELECT a.position_id, 'action_' || a.kind AS kind, 'Menunggu tindakan Anda: ' || l.subject AS message, 0 AS ord
             FROM letter_assignment a WHERE a.letter_id = l.id
           UNION ALL
           SELECT l.drafter_position_id, 'state_' || $2, $3 || ': ' || l.subject, 1
            WHERE $3::text IS NOT NULL AND l.drafter_position_id IS NOT NULL
         ) n
        WHERE l.id = $1
        ORDER BY n.ord, n.position_id`,
      [request.letterId, request.state, decision],
    );
  }

  /** Asks the signer of the current step to sign (TTE). */
  @WorkflowActionHandler('requestSignature')
  async requestSignature(request: ActionRequest, tx: EntityManager): Promise<void> {
    const letter = await this.letter(tx, request.letterId);
    if (!letter) return;
    for (const positionId of request.step?.positionIds ?? []) {
      await this.insert(tx, positionId, request.letterId, 'sign_request', `Mohon tanda tangan elektronik: ${letter.subject}`);
    }
  }

  @WorkflowActionHandler('markOverdue')
  async markOverdue(request: ActionRequest, tx: EntityManager): Promise<void> {
    await tx.query('UPDATE letter SET overdue = true WHERE id = $1', [request.letterId]);
  }

  /** Tells the superior of every position that should have acted and did not (eskalasi). */
  @WorkflowActionHandler('notifySuperior')
  async notifySuperior(request: ActionRequest, tx: EntityManager): Promise<void> {
    const letter = await this.letter(tx, request.letterId);
    if (!letter) return;
    const late: { superior_id: string; name: string }[] = await tx.query(
      `SELECT DISTINCT p.superior_id, p.name FROM letter_assignment a JOIN position p ON p.id = a.position_id
        WHERE a.letter_id = $1 AND p.superior_id IS NOT NULL`,
      [request.letterId],
    );
    for (const row of late) {
      await this.insert(tx, row.superior_id, request.letterId, 'overdue', `Lewat batas waktu pada ${row.name}: ${letter.subject}`);
    }
  }

  private async letter(tx: EntityManager, id: string): Promise<{ subject: string; drafter_position_id: string | null } | undefined> {
    const [row] = await tx.query('SELECT subject, drafter_position_id FROM letter WHERE id = $1', [id]);
    return row;
  }

  private insert(tx: EntityManager, positionId: string, letterId: string, kind: string, message: string): Promise<unknown> {
    return tx.query('INSERT INTO notification (position_id, letter_id, kind, message) VALUES ($1, $2, $3, $4)', [positionId, letterId, kind, message.slice(0, 500)]);
  }
}
