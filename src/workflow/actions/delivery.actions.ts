import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { OutboxService } from '../outbox/outbox.service';
import { ActionRequest } from './action-context';
import { WorkflowActionHandler } from './workflow-action.decorator';

/** Puts a sent letter in the inboxes of its internal recipients and tembusan, and files letters. */
@Injectable()
export class DeliveryActions {
  constructor(
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
  ) {}

  /** Delivers to internal recipients and tembusan; external recipients are on the letter's dispatch list. */
  @WorkflowActionHandler('dispatch')
  async dispatch(request: ActionRequest, tx: EntityManager): Promise<void> {
    await this.deliver(tx, request.letterId, ['recipient', 'tembusan']);
    // The dispatch list (letters/dispatch): one item per external recipient, by e-mail when it has an address, else on paper.
    const inserted: { id: string; channel: string }[] = await tx.query(
      `INSERT INTO dispatch_item (letter_id, seq, recipient_name, address, email, channel)
       SELECT l.id, r.seq, left(r.value->>'name', 200), left(r.value->>'address', 500), left(NULLIF(r.value->>'email', ''), 200),
              CASE WHEN NULLIF(r.value->>'email', '') IS NULL THEN 'paper' ELSE 'email' END
         FROM letter l, jsonb_array_elements(COALESCE(l.body->'externalRecipients', '[]'::jsonb)) WITH ORDINALITY AS r(value, seq)
        WHERE l.id = $1
       ON CONFLICT (letter_id, seq) DO NOTHING
       RETURNING id, channel`,
      [request.letterId],
    );
    // With SMTP on, each new e-mail item is sent by a `dispatch.email` job, queued only after this commits.
    // Only rows inserted now: a re-run of the action (ON CONFLICT) queues nothing twice.
    if (this.config.SMTP_ENABLED) {
      await this.outbox.addAll(
        tx,
        inserted.filter((i) => i.channel === 'email').map((i) => ({ letterId: request.letterId, type: 'dispatch.email', payload: { dispatchItemId: i.id } })),
      );
    }
  }

  /** Internal memos (nota dinas): the same delivery, with no external dispatch list. */
  @WorkflowActionHandler('deliverInternal')
  async deliverInternal(request: ActionRequest, tx: EntityManager): Promise<void> {
    await this.deliver(tx, request.letterId, ['recipient', 'tembusan']);
  }

  @WorkflowActionHandler('archive')
  async archive(request: ActionRequest, tx: EntityManager): Promise<void> {
    await tx.query(`UPDATE letter SET filed_at = COALESCE(filed_at, now()) WHERE id = $1`, [request.letterId]);
  }

  private async deliver(tx: EntityManager, letterId: string, roles: string[]): Promise<void> {
    // An UPDATE answers [rows, count].
    const [[letter]]: [{ subject: string }[], number] = await tx.query('UPDATE letter SET delivered_at = COALESCE(delivered_at, now()) WHERE id = $1 RETURNING subject', [letterId]);
    if (!letter) return;
    const targets: { position_id: string; role: string }[] = await tx.query(
      'SELECT DISTINCT position_id, role FROM letter_participant WHERE letter_id = $1 AND role = ANY($2)',
      [letterId, roles],
    );
    for (const t of targets) {
      await tx.query(`INSERT INTO letter_assignment (letter_id, position_id, kind) VALUES ($1, $2, 'read') ON CONFLICT DO NOTHING`, [letterId, t.position_id]);
      const label = t.role === 'tembusan' ? 'Tembusan' : 'Surat masuk';
      await tx.query('INSERT INTO notification (position_id, letter_id, kind, message) VALUES ($1, $2, $3, $4)', [
        t.position_id,
        letterId,
        `delivered_${t.role}`,
        `${label}: ${letter.subject}`.slice(0, 500),
      ]);
    }
  }
}
