import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { EntityManager } from 'typeorm';

export const OUTBOX_CHANNEL = 'esurat_outbox';

/** Writes outbox events inside the caller's transaction; the relay picks them up after commit. */
@Injectable()
export class OutboxService {
  /** In-process wake-up for the relay, so a local commit is relayed at once. */
  readonly wakeups = new EventEmitter();

  async add(tx: EntityManager, letterId: string | null, type: string, payload: Record<string, unknown>): Promise<string> {
    const [row] = await tx.query(`INSERT INTO outbox_event (letter_id, type, payload) VALUES ($1, $2, $3) RETURNING id`, [letterId, type, payload]);
    // Delivered at commit, and folded into one per transaction by PostgreSQL; wakes relays in other processes.
    await tx.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
    return String(row.id);
  }

  /** Call after a commit that added events. */
  kick(): void {
    this.wakeups.emit('kick');
  }
}
