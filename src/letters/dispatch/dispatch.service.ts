import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { formatWibDate } from '../../common/time/indonesian-date';
import { actingPositionIds, PersonPrincipal } from '../../records/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { AppConfig } from '../../config/app-config';
import { Role } from '../../records/person.entity';
import { LetterWorkflowService } from '../../workflow/letter-workflow.service';
import { CorrespondenceError, CorrespondenceErrorCode } from '../incoming/correspondence.errors';

export interface DispatchItemView {
  id: string;
  seq: number;
  recipientName: string;
  address: string | null;
  email: string | null;
  channel: 'paper' | 'email';
  status: 'pending' | 'dispatched';
  /**
   * What a pending item waits for: `email` while the server will still e-mail it (SMTP on, not
   * refused for good), else `manual`: printing and sending by courier, post or by hand. Null once dispatched.
   */
  waitingFor: 'email' | 'manual' | null;
  dispatchedAt: Date | null;
}

const WAITING_LABELS: Record<'email' | 'manual', string> = { email: 'Menunggu dikirim lewat surel', manual: 'Menunggu dicetak / dikirim manual' };

const escapeHtml = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Daftar pengiriman: the external recipients of a sent letter, written by the `dispatch`
 * workflow action. The registrar prints the list (with a receipt column for the courier) and
 * marks each item dispatched. With SMTP_ENABLED, e-mail items are sent by DispatchEmailService
 * and marked dispatched there; otherwise (or when sending failed) they wait on the same list.
 */
@Injectable()
export class DispatchService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workflow: LetterWorkflowService,
    private readonly config: AppConfig,
  ) {}

  async list(letterId: string, ability: AppAbility): Promise<DispatchItemView[]> {
    await this.workflow.loadVisible(this.db.manager, letterId, ability);
    return this.items(letterId);
  }

  /** A printable HTML page (A4): letter number, date, perihal, and one row per recipient with a receipt column. */
  async printable(letterId: string, ability: AppAbility): Promise<string> {
    const letter = await this.workflow.loadVisible(this.db.manager, letterId, ability);
    const items = await this.items(letterId);
    const date = letter.numberedAt ? formatWibDate(letter.numberedAt) : '-';
    const rows = items
      .map(
        (i) =>
          `<tr><td>${i.seq}</td><td>${escapeHtml(i.recipientName)}</td><td>${escapeHtml(i.address ?? '')}</td><td>${escapeHtml(i.email ?? '')}</td>` +
          `<td>${i.channel === 'email' ? 'Surel' : 'Kertas'}</td><td>${i.waitingFor ? WAITING_LABELS[i.waitingFor] : 'Terkirim'}</td><td class="ttd"></td></tr>`,
      )
      .join('\n');
    return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Daftar Pengiriman ${escapeHtml(letter.number ?? '')}</title>
<style>@page { size: A4; margin: 20mm } body { font-family: Arial, sans-serif; font-size: 11pt } table { width: 100%; border-collapse: collapse }
th, td { border: 1px solid #000; padding: 4px; vertical-align: top } td.ttd { width: 25mm; height: 12mm }</style></head>
<body><h1>Daftar Pengiriman Surat</h1>
<p>Nomor: ${escapeHtml(letter.number ?? '-')}<br>Tanggal: ${escapeHtml(date)}<br>Perihal: ${escapeHtml(letter.subject)}</p>
<table><thead><tr><th>No</th><th>Penerima</th><th>Alamat</th><th>Surel</th><th>Cara</th><th>Status</th><th>Tanda terima</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
  }

  /** The drafter or a registrar of the letter's unit marks an item as sent (by courier, post or by hand). */
  async markDispatched(itemId: string, principal: PersonPrincipal, ability: AppAbility): Promise<DispatchItemView> {
    const [item] = await this.db.query('SELECT letter_id FROM dispatch_item WHERE id = $1', [itemId]);
    if (!item) throw this.notFound(itemId);
    const letter = await this.workflow.loadVisible(this.db.manager, item.letter_id, ability).catch(() => {
      throw this.notFound(itemId);
    });
    const registrarOfUnit =
      principal.roles.includes(Role.Registrar) &&
      (
        await this.db.query(
          `WITH RECURSIVE down AS (SELECT id FROM unit WHERE id IN (SELECT unit_id FROM position WHERE id = ANY($1::uuid[]))
                                   UNION ALL SELECT u.id FROM unit u JOIN down ON u.parent_id = down.id)
           SELECT 1 FROM down WHERE id = $2 LIMIT 1`,
          [actingPositionIds(principal), letter.unitId],
        )
      ).length > 0;
    if (letter.drafterPersonId !== principal.personId && !registrarOfUnit) {
      throw new CorrespondenceError(CorrespondenceErrorCode.NOT_A_DISPATCHER, "Only the drafter or the unit's registrar records dispatch");
    }
    await this.db.query(
      `UPDATE dispatch_item SET status = 'dispatched', dispatched_at = now(), dispatched_by_person_id = $2 WHERE id = $1 AND status = 'pending'`,
      [itemId, principal.personId],
    );
    return (await this.items(item.letter_id)).find((i) => i.id === itemId)!;
  }

  private notFound(id: string): CorrespondenceError {
    return new CorrespondenceError(CorrespondenceErrorCode.DISPATCH_ITEM_NOT_FOUND, `Dispatch item ${id} not found`);
  }

  /** An e-mail item waits for the mailer only while SMTP is on and its job has not given up (DispatchEmailService marks that done). */
  private items(letterId: string): Promise<DispatchItemView[]> {
    return this.db.query(
      `SELECT i.id, i.seq::int AS seq, i.recipient_name AS "recipientName", i.address, i.email, i.channel, i.status,
              CASE WHEN i.status = 'dispatched' THEN NULL
                   WHEN i.channel = 'email' AND $2::boolean AND NOT EXISTS (
                     SELECT 1 FROM outbox_event e JOIN workflow_action_done d ON d.outbox_id = e.id
                      WHERE e.type = 'dispatch.email' AND e.letter_id = i.letter_id AND e.payload ->> 'dispatchItemId' = i.id::text) THEN 'email'
                   ELSE 'manual' END AS "waitingFor",
              i.dispatched_at AS "dispatchedAt"
         FROM dispatch_item i WHERE i.letter_id = $1 ORDER BY i.seq`,
      [letterId, this.config.SMTP_ENABLED],
    );
  }
}
