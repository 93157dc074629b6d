import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { formatWibDate } from '../../common/time/indonesian-date';
import { describeError } from '../../common/logging/safe-error';
import { AppConfig } from '../../config/app-config';
import { JobHandler } from '../../queue/job-handler.decorator';
import { JOB_OPTIONS } from '../../queue/job-options';
import { JobPayloads } from '../../queue/jobs';
import { StorageService } from '../../storage/storage.service';
import { bareAddress, createTransport, sendMail, SmtpError, smtpOptionsOf } from '../../common/mail/mailer';

/** Tries of one `dispatch.email` job (queue/job-options.ts). */
const DISPATCH_EMAIL_ATTEMPTS = JOB_OPTIONS['dispatch.email'].attempts;

interface EmailItem {
  id: string;
  letter_id: string;
  recipient_name: string;
  email: string | null;
  channel: string;
  status: string;
  subject: string;
  number: string | null;
  numbered_at: Date | null;
  drafter_position_id: string | null;
  object_id: string | null;
}

/**
 * Sends a sent letter's signed PDF to one external recipient of the dispatch list by e-mail
 * (SMTP_ENABLED). The `dispatch` action writes one outbox event per e-mail item, so the job is
 * queued only after the dispatch list committed. Success marks the item dispatched; a failure
 * is retried by the queue (3 attempts) and after the last one is recorded as a notification
 * to the drafter, the item staying pending on the printable list for paper delivery. A 5xx
 * answer is permanent (the server would refuse the same message again): recorded at once.
 */
@Injectable()
export class DispatchEmailService {
  private readonly logger = new Logger('DispatchEmail');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly storage: StorageService,
  ) {}

  @JobHandler('dispatch.email')
  async send(job: JobPayloads['dispatch.email'], meta?: { attempt: number }): Promise<void> {
    if (!this.config.SMTP_ENABLED) return;
    const [item]: EmailItem[] = await this.db.query(
      `SELECT i.id, i.letter_id, i.recipient_name, i.email, i.channel, i.status, l.subject, l.number, l.numbered_at, l.drafter_position_id, d.object_id
         FROM dispatch_item i JOIN letter l ON l.id = i.letter_id LEFT JOIN letter_document d ON d.id = l.current_document_id
        WHERE i.id = $1`,
      [job.dispatchItemId],
    );
    // Gone, sent already (a retry after success, or marked by hand), or not an e-mail item: nothing to do.
    if (!item || item.status !== 'pending' || item.channel !== 'email' || !item.email) return;
    try {
      if (!item.object_id) throw new Error('the letter has no signed document');
      const pdf = await this.storage.getBuffer(item.object_id);
      const reply = await sendMail(createTransport(smtpOptionsOf(this.config)), {
        from: this.config.SMTP_FROM,
        to: `${item.recipient_name} <${item.email}>`,
        subject: item.number ? `${item.subject} (Nomor ${item.number})` : item.subject,
        text: this.body(item),
        attachment: { filename: fileName(item.number), contentType: 'application/pdf', content: pdf },
      });
      await this.db.query(`UPDATE dispatch_item SET status = 'dispatched', dispatched_at = now() WHERE id = $1 AND status = 'pending'`, [item.id]);
      this.logger.log(`Letter ${item.letter_id} e-mailed to item ${item.id} (${reply.response.slice(0, 3)})`);
    } catch (err) {
      const message = describeError(err).slice(0, 300);
      const attempt = meta?.attempt ?? DISPATCH_EMAIL_ATTEMPTS;
      const permanent = err instanceof SmtpError && err.permanent;
      if (!permanent && attempt < DISPATCH_EMAIL_ATTEMPTS) {
        this.logger.warn(`E-mail of dispatch item ${item.id} failed (attempt ${attempt}/${DISPATCH_EMAIL_ATTEMPTS}), will retry: ${message}`);
        throw err;
      }
      this.logger.warn(`E-mail of dispatch item ${item.id} failed ${permanent ? 'for good' : `after ${attempt} attempts`}; it stays on the printable list: ${message}`);
      await this.recordFailure(item, message);
      // Done with, though the item stays pending: OutboxRelay.redispatchLost re-queues only e-mails whose job was lost.
      if (job.outboxId) await this.db.query('INSERT INTO workflow_action_done (outbox_id) VALUES ($1) ON CONFLICT DO NOTHING', [job.outboxId]);
    }
  }

  /** Tells the drafter the e-mail did not go out; the item stays pending on the printable dispatch list. */
  private async recordFailure(item: EmailItem, error: string): Promise<void> {
    if (!item.drafter_position_id) return;
    await this.db.query(`INSERT INTO notification (position_id, letter_id, kind, message) VALUES ($1, $2, 'dispatch_email_failed', $3)`, [
      item.drafter_position_id,
      item.letter_id,
      `Surel ke ${item.recipient_name} <${bareAddress(item.email ?? '')}> gagal terkirim: ${error}`.slice(0, 500),
    ]);
  }

  private body(item: EmailItem): string {
    const date = item.numbered_at ? formatWibDate(item.numbered_at) : null;
    return [
      `Yth. ${item.recipient_name},`,
      '',
      'Bersama surel ini kami sampaikan surat sebagai berikut:',
      '',
      `Nomor   : ${item.number ?? '-'}`,
      ...(date ? [`Tanggal : ${date}`] : []),
      `Perihal : ${item.subject}`,
      '',
      'Surat terlampir dalam bentuk PDF yang telah ditandatangani secara elektronik.',
      'Keaslian tanda tangan dapat diperiksa melalui kode QR pada surat.',
      '',
      'Surel ini dikirim otomatis oleh aplikasi e-Surat; mohon tidak membalas surel ini.',
      '',
    ].join('\n');
  }
}

const fileName = (number: string | null): string => `${(number ?? 'surat').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'surat'}.pdf`;
