import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pending webhook events by approval and sequence: the in-order delivery rule ("no earlier
 * pending event of this approval") and "the approval's next pending event" both read it.
 * Without it the planner walks every pending event of every module.
 */
export class WebhookPendingByApproval1763800800000 implements MigrationInterface {
  name = 'WebhookPendingByApproval1763800800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_webhook_event_letter_id_sequence_pending ON webhook_event (letter_id, sequence) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_webhook_event_letter_id_sequence_pending`);
  }
}
