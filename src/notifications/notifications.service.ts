import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actingPositionIds, PersonPrincipal } from '../records/principal';
import { NotificationError } from './notifications.errors';
import { visibleLettersSql } from '../letters/access/letter-access.repository';
import { NotificationDto, NotificationListDto } from './dto/notification.dto';

/**
 * The bell: notices addressed to the positions the caller holds or stands in for. A notice about
 * a letter shows only while the caller may see that letter (the rule of the lists), so a
 * Rahasia letter never reaches a bell by a notice written for a position that left it since.
 */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(principal: PersonPrincipal, limit: number): Promise<NotificationListDto> {
    const { where, params } = this.mine(principal);
    const [items, [{ unread }]] = await Promise.all([
      this.db.query(
        `SELECT n.id::text AS id, n.letter_id AS "letterId", n.kind, n.message, n.position_id AS "positionId", n.created_at AS "createdAt", n.read_at IS NOT NULL AS read
           FROM notification n WHERE ${where} ORDER BY n.created_at DESC, n.id DESC LIMIT $${params.length + 1}`,
        [...params, limit],
      ) as Promise<NotificationDto[]>,
      this.db.query(`SELECT count(*)::int AS unread FROM notification n WHERE ${where} AND n.read_at IS NULL`, params),
    ]);
    return { items, unread };
  }

  async unreadCount(principal: PersonPrincipal): Promise<number> {
    const { where, params } = this.mine(principal);
    const [{ unread }] = await this.db.query(`SELECT count(*)::int AS unread FROM notification n WHERE ${where} AND n.read_at IS NULL`, params);
    return unread;
  }

  /** Marks one notice read; one the caller does not receive does not exist for them. */
  async markRead(principal: PersonPrincipal, id: string): Promise<void> {
    if (!/^[1-9]\d{0,17}$/.test(id)) throw NotificationError.notFound(id);
    const { where, params } = this.mine(principal);
    // An UPDATE answers [rows, count].
    const [rows]: [unknown[], number] = await this.db.query(
      `UPDATE notification n SET read_at = COALESCE(n.read_at, now()) WHERE n.id = $${params.length + 1}::bigint AND ${where} RETURNING n.id`,
      [...params, id],
    );
    if (rows.length === 0) throw NotificationError.notFound(id);
  }

  async markAllRead(principal: PersonPrincipal): Promise<number> {
    const { where, params } = this.mine(principal);
    const [, count] = await this.db.query(`UPDATE notification n SET read_at = now() WHERE ${where} AND n.read_at IS NULL`, params);
    return count;
  }

  /** The caller's notices: of their positions, about letters they may see, of kinds they did not turn off in the app. */
  private mine(principal: PersonPrincipal): { where: string; params: unknown[] } {
    const access = visibleLettersSql(principal, 'l', 2);
    const person = access.params.length + 2;
    return {
      where:
        `n.position_id = ANY($1::uuid[]) AND (n.letter_id IS NULL OR EXISTS (SELECT 1 FROM letter l WHERE l.id = n.letter_id AND ${access.sql}))` +
        ` AND NOT EXISTS (SELECT 1 FROM notification_preference np WHERE np.person_id = $${person}::uuid AND np.channels -> notification_preference_kind(n.kind) ->> 'inApp' = 'false')`,
      params: [actingPositionIds(principal), ...access.params, principal.personId],
    };
  }
}
