import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Observable, Subscriber } from 'rxjs';
import { DataSource } from 'typeorm';
import { actingPositionIds, PersonPrincipal } from '../records/principal';
import { NotificationsService } from './notifications.service';

/** How often the one shared poll looks for new notices (any process may have written them). */
const POLL_MS = 2_000;
/** A comment line this often keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 25_000;

export interface UnreadEvent {
  data: { unread: number };
}

interface Listener {
  principal: PersonPrincipal;
  positions: Set<string>;
  out: Subscriber<UnreadEvent>;
  last?: number;
}

/**
 * The bell's live count over Server-Sent Events. One poll per process, only while someone
 * listens, reads the ids of notices newer than the last it saw, and recounts only for the
 * listeners whose positions received one; a read mark made in this process recounts at once.
 */
@Injectable()
export class NotificationStreamService implements OnModuleDestroy {
  private readonly log = new Logger(NotificationStreamService.name);
  private readonly listeners = new Set<Listener>();
  private timer?: NodeJS.Timeout;
  private keepalive?: NodeJS.Timeout;
  private lastId: string | null = null;
  private polling = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifications: NotificationsService,
  ) {}

  /** The caller's unread count now and after every change, until they disconnect. */
  follow(principal: PersonPrincipal): Observable<UnreadEvent> {
    return new Observable<UnreadEvent>((out) => {
      const listener: Listener = { principal, positions: new Set(actingPositionIds(principal)), out };
      this.listeners.add(listener);
      this.start();
      void this.recount(listener);
      return () => {
        this.listeners.delete(listener);
        if (this.listeners.size === 0) this.stop();
      };
    });
  }

  /** The person's notices changed here (read marks): recount their open streams. */
  changed(personId: string): void {
    for (const l of this.listeners) if (l.principal.personId === personId) void this.recount(l);
  }

  onModuleDestroy(): void {
    for (const l of this.listeners) l.out.complete();
    this.listeners.clear();
    this.stop();
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
    // An SSE comment is a line starting with ':'; Nest writes only data events, so a repeat of the last count serves.
    this.keepalive = setInterval(() => {
      for (const l of this.listeners) if (l.last !== undefined) l.out.next({ data: { unread: l.last } });
    }, KEEPALIVE_MS);
    this.keepalive.unref();
  }

  private stop(): void {
    clearInterval(this.timer);
    clearInterval(this.keepalive);
    this.timer = undefined;
    this.keepalive = undefined;
    this.lastId = null;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      if (this.lastId === null) {
        const [{ max }] = await this.db.query(`SELECT COALESCE(max(id), 0)::text AS max FROM notification`);
        this.lastId = max;
        // Notices written between a listener's first count and this first poll are counted now.
        for (const l of this.listeners) await this.recount(l);
        return;
      }
      const rows: { position_id: string; max: string }[] = await this.db.query(
        `SELECT position_id, max(id)::text AS max FROM notification WHERE id > $1::bigint GROUP BY position_id`,
        [this.lastId],
      );
      if (rows.length === 0) return;
      this.lastId = rows.reduce((m, r) => (BigInt(r.max) > BigInt(m) ? r.max : m), this.lastId);
      const touched = new Set(rows.map((r) => r.position_id));
      for (const l of this.listeners) if ([...l.positions].some((p) => touched.has(p))) await this.recount(l);
    } catch (err) {
      // A missed poll is made up by the next one; the stream stays open.
      this.log.warn(`notification poll failed: ${(err as Error).message}`);
    } finally {
      this.polling = false;
    }
  }

  private async recount(l: Listener): Promise<void> {
    try {
      const unread = await this.notifications.unreadCount(l.principal);
      if (unread === l.last || !this.listeners.has(l)) return;
      l.last = unread;
      l.out.next({ data: { unread } });
    } catch (err) {
      this.log.warn(`notification count failed: ${(err as Error).message}`);
    }
  }
}
