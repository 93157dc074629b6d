import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { EntityManager } from 'typeorm';

export interface OutboxEventInput {
  letterId: string | null;
  type: string;
  payload: Record<string, unknown>;
}

/** Writes outbox events inside the caller's transaction; the relay picks them up after commit. */
@Injectable()
export class OutboxService {
  /** In-process wake-up for the relay, so a local commit is relayed at once. */
  readonly wakeups = new EventEmitter();

  async add(tx: EntityManager, letterId: string | null, type: string, payload: Record<string, unknown>): Promise<string> {
    const [id] = await this.addAll(tx, [{ letterId, type, payload }]);
    return id;
  }

  /** Several events in one statement, in the given order (their ids ascend in that order). */
  async addAll(tx: EntityManager, events: OutboxEventInput[]): Promise<string[]> {
    if (events.length === 0) return [];
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO outbox_event (letter_id, type, payload)
       SELECT letter_id, type, payload FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) WITH ORDINALITY AS e(letter_id, type, payload, n) ORDER BY n
       RETURNING id`,
      [events.map((e) => e.letterId), events.map((e) => e.type), events.map((e) => JSON.stringify(e.payload))],
    );
    // No NOTIFY here: PostgreSQL serialises the commits of notifying transactions behind one
    // global lock, which capped transitions near 100/s. Relays in other processes poll instead.
    return rows.map((r) => String(r.id));
  }

  /** Call after a commit that added events. */
  kick(): void {
    this.wakeups.emit('kick');
  }
}
