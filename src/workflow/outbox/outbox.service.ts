import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { RedisClient } from '../../queue/redis';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { InjectRedis } from '../../queue/redis-client.provider';

export interface OutboxEventInput {
  letterId: string | null;
  type: string;
  payload: Record<string, unknown>;
}

/**
 * Outbox events that record a change for the log and for readers of the table (a state change)
 * but have no job: they are written already dispatched, so the relay never reads them.
 */
export const RECORD_ONLY_EVENTS: ReadonlySet<string> = new Set(['letter.transitioned']);

/** Wake-ups from one process are at most this often; a commit waits at most this long for one. */
const WAKE_EVERY_MS = 10;

/** The Redis channel on which processes without a relay wake the relays of worker processes. */
export const outboxWakeChannel = (config: AppConfig) => `${config.QUEUE_PREFIX}:outbox-wake`;

/** Writes outbox events inside the caller's transaction; the relay picks them up after commit. */
@Injectable()
export class OutboxService {
  /** In-process wake-up for the relay, so a local commit is relayed at once. */
  readonly wakeups = new EventEmitter();
  /** A relay runs in this process (set by the relay at start); else kicks go out over Redis. */
  localRelay = false;
  private publishPending = false;
  private lastPublish = 0;

  constructor(
    private readonly config: AppConfig,
    @InjectRedis() private readonly redis: RedisClient,
  ) {}

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

  /**
   * Call after a commit that added events. Wakes the relay of this process, or else (an API
   * node without workers) the relays of the worker processes, with at most one Redis PUBLISH
   * per WAKE_EVERY_MS for all the commits in between. If Redis is down, the relays' poll finds
   * the events.
   */
  kick(): void {
    if (this.localRelay) {
      this.wakeups.emit('kick');
      return;
    }
    if (this.publishPending) return;
    this.publishPending = true;
    const wait = Math.max(0, this.lastPublish + WAKE_EVERY_MS - Date.now());
    setTimeout(() => {
      this.publishPending = false;
      this.lastPublish = Date.now();
      this.redis.publish(outboxWakeChannel(this.config), '1').catch(() => undefined);
    }, wait);
  }
}
