import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { formatWibDate } from '../../common/time/indonesian-date';
import { actingPositionIds, PersonPrincipal } from '../../auth/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { Role } from '../../organization/person.entity';
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
  dispatchedAt: Date | null;
}

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
          `<td>${i.channel === 'email' ? 'Surel' : 'Kertas'}</td><td>${i.status === 'dispatched' ? 'Terkirim' : ''}</td><td class="ttd"></td></tr>`,
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

  private items(letterId: string): Promise<DispatchItemView[]> {
    return this.db.query(
      `SELECT id, seq::int AS seq, recipient_name AS "recipientName", address, email, channel, status, dispatched_at AS "dispatchedAt"
         FROM dispatch_item WHERE letter_id = $1 ORDER BY seq`,
      [letterId],
    );
  }
}
