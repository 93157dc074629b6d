import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createTransport, sendMail, SmtpError, smtpOptionsOf } from '../common/mail/mailer';
import { describeError } from '../common/logging/safe-error';
import { AppConfig } from '../config/app-config';
import type { Sifat } from '../records/letter.entity';
import { JobHandler } from '../queue/job-handler.decorator';
import { JobQueue } from '../queue/job-queue.service';
import { jobId, JobPayloads, NOTIFICATION_SEND_ATTEMPTS } from '../queue/jobs';
import { WhatsAppError, WhatsAppGateway } from './channels/whatsapp.gateway';
import { digestMessage, NoticeForMessage, noticeMessage } from './notification-message';
import { ChannelChoices, effectiveChoices, NotificationKind, preferenceKind } from './notification-preferences';

type Channel = 'email' | 'whatsapp';

interface RecipientRow {
  notification_id: string;
  kind: string;
  letter_id: string | null;
  person_id: string;
  email: string | null;
  phone: string | null;
  channels: ChannelChoices | null;
  digest: boolean | null;
}

interface DeliveryRow {
  id: string;
  channel: Channel;
  status: string;
  kind: string;
  message: string;
  letter_id: string | null;
  sifat: Sifat | null;
  number: string | null;
  email: string | null;
  phone: string | null;
}

/** The WIB calendar date and hour of a moment. */
const wib = (d: Date): { day: string; hour: number } => {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { day: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
};

const DELIVERY_SELECT = `SELECT d.id::text AS id, d.channel, d.status, n.kind, n.message, n.letter_id, l.sifat, l.number, p.email, p.phone
  FROM notification_delivery d JOIN notification n ON n.id = d.notification_id JOIN person p ON p.id = d.person_id
  LEFT JOIN letter l ON l.id = n.letter_id`;

/**
 * Notices out of the browser. A statement that writes notices of a kind people choose channels
 * for also writes a `notification.deliver` outbox event (the table's trigger), so the work starts
 * only after that statement's transaction committed and never inside it: a mail server or a
 * gateway that is down cannot hold up or undo the transition. The fan-out writes one
 * notification_delivery row per person and channel (the holders and the Plt/Plh of the notice's
 * position, once per letter and kind) and queues one `notification.send` job per row, retried
 * and then recorded `failed` with its error: the dead letters. A person who takes the digest
 * gets rows marked `digest`, sent by the daily job. A confidential letter's notice leaves the
 * app without its subject or number (notification-message.ts).
 */
@Injectable()
export class NotificationDeliveryService {
  private readonly logger = new Logger('NotificationDelivery');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly whatsapp: WhatsAppGateway,
  ) {}

  private get emailOn(): boolean {
    return this.config.SMTP_ENABLED;
  }

  @JobHandler('notification.deliver')
  async deliver(job: JobPayloads['notification.deliver']): Promise<void> {
    if (this.emailOn || this.whatsapp.enabled) await this.fanOut(job.notificationIds);
    // Done with: OutboxRelay.redispatchLost hands the event over again only while this mark is missing.
    if (job.outboxId) await this.db.query('INSERT INTO workflow_action_done (outbox_id) VALUES ($1) ON CONFLICT DO NOTHING', [job.outboxId]);
  }

  private async fanOut(notificationIds: string[]): Promise<void> {
    const rows: RecipientRow[] = await this.db.query(
      `SELECT n.id::text AS notification_id, n.kind, n.letter_id, t.person_id, p.email, p.phone, np.channels, np.digest
         FROM notification n
         CROSS JOIN LATERAL (
           SELECT a.person_id FROM position_assignment a
            WHERE a.position_id = n.position_id AND a.started_on <= CURRENT_DATE AND (a.ended_on IS NULL OR a.ended_on >= CURRENT_DATE)
           UNION
           SELECT d.person_id FROM delegation d
            WHERE d.position_id = n.position_id AND d.revoked_at IS NULL AND d.starts_at <= now() AND d.ends_at > now()) t
         JOIN person p ON p.id = t.person_id AND p.active
         LEFT JOIN notification_preference np ON np.person_id = p.id
        WHERE n.id = ANY($1::bigint[])
        ORDER BY n.id, t.person_id`,
      [notificationIds],
    );
    const seen = new Set<string>();
    const inserts: { notificationId: string; personId: string; channel: Channel; status: 'pending' | 'digest' }[] = [];
    for (const r of rows) {
      const kind = preferenceKind(r.kind);
      if (!kind) continue;
      // A sign step writes "sign_request" and "action_sign" to the same position: one message.
      const key = `${r.person_id}/${r.letter_id ?? `n${r.notification_id}`}/${kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const choice = effectiveChoices(r.channels, r)[kind];
      const status = r.digest ? 'digest' : 'pending';
      if (choice.email && this.emailOn && r.email) inserts.push({ notificationId: r.notification_id, personId: r.person_id, channel: 'email', status });
      if (choice.whatsapp && this.whatsapp.enabled && r.phone) inserts.push({ notificationId: r.notification_id, personId: r.person_id, channel: 'whatsapp', status });
    }
    if (inserts.length > 0) {
      await this.db.query(
        `INSERT INTO notification_delivery (notification_id, person_id, channel, status)
         SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
        [inserts.map((i) => i.notificationId), inserts.map((i) => i.personId), inserts.map((i) => i.channel), inserts.map((i) => i.status)],
      );
    }
    // Every pending row of these notices, also those a crashed earlier run wrote: the job id keeps each queued once.
    const pending: { id: string }[] = await this.db.query(`SELECT id::text AS id FROM notification_delivery WHERE notification_id = ANY($1::bigint[]) AND status = 'pending'`, [notificationIds]);
    await this.queueSends(pending.map((d) => d.id));
  }

  private queueSends(ids: string[]): Promise<void> {
    return this.jobs.addBulk(
      ids.map((id) => ({ name: 'notification.send' as const, payload: { deliveryId: id }, options: { jobId: jobId('notify-send', id) } })),
    );
  }

  @JobHandler('notification.send')
  async send(job: JobPayloads['notification.send'], meta?: { attempt: number }): Promise<void> {
    const [d]: DeliveryRow[] = await this.db.query(`${DELIVERY_SELECT} WHERE d.id = $1`, [job.deliveryId]);
    if (!d || d.status !== 'pending') return;
    const kind = preferenceKind(d.kind);
    if (!kind) return;
    const message = noticeMessage(this.notice(d, kind), this.config.PUBLIC_URL);
    try {
      await this.transmit(d.channel, d, message);
      await this.db.query(`UPDATE notification_delivery SET status = 'sent', attempts = attempts + 1, last_error = NULL, done_at = now() WHERE id = $1 AND status = 'pending'`, [d.id]);
    } catch (err) {
      const attempt = meta?.attempt ?? NOTIFICATION_SEND_ATTEMPTS;
      const error = describeError(err).slice(0, 300);
      const permanent = (err instanceof SmtpError || err instanceof WhatsAppError) && err.permanent;
      const final = permanent || attempt >= NOTIFICATION_SEND_ATTEMPTS;
      await this.db.query(
        `UPDATE notification_delivery SET attempts = attempts + 1, last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END, done_at = CASE WHEN $3 THEN now() END
          WHERE id = $1 AND status = 'pending'`,
        [d.id, error, final],
      );
      if (!final) {
        this.logger.warn(`Notice ${d.id} by ${d.channel} failed (attempt ${attempt}/${NOTIFICATION_SEND_ATTEMPTS}), will retry: ${error}`);
        throw err;
      }
      this.logger.warn(`Notice ${d.id} by ${d.channel} failed ${permanent ? 'for good' : `after ${attempt} attempts`}; recorded as failed: ${error}`);
    }
  }

  /**
   * From NOTIFY_DIGEST_HOUR (WIB) on, one message per person and channel with every notice that
   * waited for the digest; a person gets at most one digest a day. A channel that fails keeps
   * its notices for the next run (a quarter hour later), up to NOTIFICATION_SEND_ATTEMPTS runs.
   */
  @JobHandler('notification.digest')
  async digest(): Promise<void> {
    // Sends still pending after ten minutes lost their job (a Redis that restarted empty): the same job id again, so a queued one is not doubled.
    const lost: { id: string }[] = await this.db.query(
      `SELECT id::text AS id FROM notification_delivery WHERE status = 'pending' AND created_at < now() - interval '10 minutes' AND created_at > now() - interval '1 day' ORDER BY id LIMIT 1000`,
    );
    if (lost.length > 0) await this.queueSends(lost.map((d) => d.id));
    await this.digestAt(new Date());
  }

  /** The digest run as of `now`; returns how many messages went out. */
  async digestAt(now: Date): Promise<number> {
    const { day, hour } = wib(now);
    if (hour < this.config.NOTIFY_DIGEST_HOUR) return 0;
    const people: { person_id: string }[] = await this.db.query(
      `SELECT DISTINCT d.person_id FROM notification_delivery d
        WHERE d.status = 'digest' AND NOT EXISTS (SELECT 1 FROM notification_digest g WHERE g.person_id = d.person_id AND g.day = $1::date)`,
      [day],
    );
    let sent = 0;
    for (const { person_id } of people) {
      const rows: DeliveryRow[] = await this.db.query(`${DELIVERY_SELECT} WHERE d.person_id = $1 AND d.status = 'digest' ORDER BY d.notification_id, d.id`, [person_id]);
      let allSent = true;
      for (const channel of ['email', 'whatsapp'] as const) {
        const mine = rows.filter((r) => r.channel === channel);
        if (mine.length === 0) continue;
        const notices = mine.flatMap((r) => {
          const kind = preferenceKind(r.kind);
          return kind ? [this.notice(r, kind)] : [];
        });
        const ids = mine.map((r) => r.id);
        try {
          await this.transmit(channel, mine[0], digestMessage(notices, this.config.PUBLIC_URL));
          await this.db.query(`UPDATE notification_delivery SET status = 'digested', attempts = attempts + 1, done_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
          sent++;
        } catch (err) {
          allSent = false;
          const error = describeError(err).slice(0, 300);
          await this.db.query(
            `UPDATE notification_delivery SET attempts = attempts + 1, last_error = $2,
                    status = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE status END, done_at = CASE WHEN attempts + 1 >= $3 THEN now() END
              WHERE id = ANY($1::bigint[])`,
            [ids, error, NOTIFICATION_SEND_ATTEMPTS],
          );
          this.logger.warn(`Digest of person ${person_id} by ${channel} failed: ${error}`);
        }
      }
      if (allSent) await this.db.query(`INSERT INTO notification_digest (person_id, day) VALUES ($1, $2::date) ON CONFLICT DO NOTHING`, [person_id, day]);
    }
    return sent;
  }

  private notice(d: DeliveryRow, kind: NotificationKind): NoticeForMessage {
    return { kind, message: d.message, letterId: d.letter_id, sifat: d.sifat, number: d.number };
  }

  private async transmit(channel: Channel, to: Pick<DeliveryRow, 'email' | 'phone'>, message: { subject: string; text: string }): Promise<void> {
    if (channel === 'email') {
      if (!this.emailOn || !to.email) throw new SmtpError('E-mail is off or the person has no address', 550);
      await sendMail(createTransport(smtpOptionsOf(this.config)), { from: this.config.SMTP_FROM, to: to.email, subject: message.subject, text: message.text });
    } else {
      if (!to.phone) throw new WhatsAppError('The person has no WhatsApp number', 422);
      await this.whatsapp.send(to.phone, message.text);
    }
  }
}
