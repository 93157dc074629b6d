import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PersonPrincipal } from '../../records/principal';
import { AuditAction, AuditService } from '../../audit/audit.service';
import { wibDate } from '../../common/time/wib';
import { AppConfig } from '../../config/app-config';
import { LetterKind, Sifat, Urgency } from '../../records/letter.entity';
import { LetterWorkflowService } from '../../workflow/letter-workflow.service';
import { OutboxService } from '../../workflow/outbox/outbox.service';
import { WorkflowRegistry } from '../../workflow/workflow-registry.service';
import { isArchivist } from '../archive-access';
import { BerkasStatus } from '../../records/berkas.entity';
import { BerkasService } from '../berkas/berkas.service';
import { assertNoLegalHold } from '../retention/legal-hold';
import { FinalDisposition } from '../../classification/jra/jra';
import { DisposalListStatus } from '../../records/disposal-list.entity';
import { DisposalError, DisposalErrorCode } from './disposal.errors';
import { CreateDisposalDto, DisposalListDto } from './dto/disposal.dto';

/** The workflow (workflows/usul-musnah.yaml) and jenis naskah of a disposal list. */
export const DISPOSAL_LETTER_TYPE = 'usul-musnah';

/** Kode klasifikasi of a berita acara pemusnahan: 000.5.6.2 Pemusnahan Arsip (config/classification.yaml). */
const DISPOSAL_CLASSIFICATION = '000.5.6.2';

/** The outbox event that starts (or resumes) the destruction of a signed list's contents. */
export const DISPOSAL_EXECUTE_EVENT = 'archive.disposal-execute';

interface ListedBerkas {
  id: string;
  number: number;
  classificationCode: string;
  title: string;
  periodFrom: string | null;
  periodTo: string | null;
  status: string;
  letterCount: number;
}

/** Kurun waktu: the years of the berkas's period, "2015" or "2015-2016". */
function periodOf(b: Pick<ListedBerkas, 'periodFrom' | 'periodTo'>): string {
  const from = b.periodFrom?.slice(0, 4);
  const to = b.periodTo?.slice(0, 4);
  if (!from && !to) return '-';
  return from && to && from !== to ? `${from}-${to}` : (from ?? to)!;
}

/** The berkas of lists as the berita acara and the API show them, in list order. */
const LISTED_BERKAS_SQL = `
  SELECT b.id, b.number, b.classification_code AS "classificationCode", b.title, b.period_from::text AS "periodFrom", b.period_to::text AS "periodTo",
         b.status, (SELECT count(*)::int FROM berkas_item bi WHERE bi.berkas_id = b.id) AS "letterCount"
    FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n) JOIN berkas b ON b.id = t.id ORDER BY t.n`;

/**
 * Disposal lists (usul musnah): the arsiparis drafts one from berkas due for destruction; it is a
 * letter of type usul-musnah, so the Panitia Penilai Arsip review it and the official named by
 * DISPOSAL_SIGNER_POSITION signs its Berita Acara Pemusnahan through the letter workflow.
 */
interface DisposalRow {
  id: string;
  letterId: string;
  status: DisposalListStatus;
  createdAt: Date;
  executedAt: Date | null;
  letterState: string;
  number: string | null;
  berkasIds: string[];
  destroyedCount: number;
}

const DISPOSAL_ROW_SQL = `SELECT d.id, d.letter_id AS "letterId", d.status, d.created_at AS "createdAt", d.executed_at AS "executedAt", l.state AS "letterState", l.number,
        (SELECT array_agg(db.berkas_id ORDER BY db.ordinal) FROM disposal_list_berkas db WHERE db.disposal_list_id = d.id)::text[] AS "berkasIds",
        (SELECT count(*)::int FROM destroyed_letter x WHERE x.disposal_list_id = d.id) AS "destroyedCount"
   FROM disposal_list d JOIN letter l ON l.id = d.letter_id`;

@Injectable()
export class DisposalService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly workflow: LetterWorkflowService,
    private readonly registry: WorkflowRegistry,
    private readonly berkas: BerkasService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Drafts the list and its usul-musnah letter in one transaction: every berkas kept by the
   * caller (404 otherwise), none under a legal hold (409 LEGAL_HOLD), each due for musnah today
   * (422 BERKAS_NOT_DUE); the berkas become diusulkan_musnah.
   */
  async create(dto: CreateDisposalDto, principal: PersonPrincipal, today = wibDate(new Date())): Promise<DisposalListDto> {
    assertArchivist(principal);
    const drafterPositionId = principal.positions[0]?.positionId;
    if (!drafterPositionId) throw new DisposalError(DisposalErrorCode.NO_POSITION, 'You hold no position to draft a disposal list as');
    assertDistinct(dto.berkasIds);
    const id = await this.db.transaction(async (tx) => {
      for (const berkasId of [...dto.berkasIds].sort()) await this.berkas.lockManaged(tx, berkasId, principal);
      await assertNoLegalHold(tx, dto.berkasIds);
      await assertDue(tx, dto.berkasIds, today, 'musnah');
      const routes = await this.routes(tx);
      const listed: ListedBerkas[] = await tx.query(LISTED_BERKAS_SQL, [dto.berkasIds]);
      const registered = this.registry.latest(DISPOSAL_LETTER_TYPE);
      if (!registered) throw new DisposalError(DisposalErrorCode.DISPOSAL_ROUTE_NOT_CONFIGURED, `The ${DISPOSAL_LETTER_TYPE} workflow is not installed`);
      // The letter (in the drafter's unit) and its start in one statement; its route comes from the configuration.
      const created = await this.workflow.create(
        tx,
        {
          id: randomUUID(),
          columns: {
            kind: LetterKind.Outgoing,
            workflow_key: DISPOSAL_LETTER_TYPE,
            workflow_definition_id: registered.id,
            route_plans: routes,
            subject: dto.subject ?? `Usul Musnah Arsip (${listed.length} berkas)`,
            sifat: Sifat.Biasa,
            urgency: Urgency.Biasa,
            classification_code: DISPOSAL_CLASSIFICATION,
            drafter_person_id: principal.personId,
            drafter_position_id: drafterPositionId,
            body: beritaAcaraBody(listed),
          },
          positions: { all: [], signers: [] },
          participants: [{ positionId: drafterPositionId, role: 'drafter', ordinal: 1 }],
        },
        { kind: 'person', principal },
        routes,
      );
      if (created.refusal) throw new Error('A disposal list names no positions for its statement to refuse');
      const { letter } = created;
      const [list] = await tx.query(`INSERT INTO disposal_list (letter_id, created_by_person_id) VALUES ($1, $2) RETURNING id`, [letter.id, principal.personId]);
      await tx.query(
        `INSERT INTO disposal_list_berkas (disposal_list_id, berkas_id, ordinal) SELECT $1, t.id, t.n FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, n)`,
        [list.id, dto.berkasIds],
      );
      await this.berkas.setStatus(tx, dto.berkasIds, BerkasStatus.ProposedForDisposal);
      await this.audit.record(tx, {
        action: AuditAction.DisposalPropose,
        object: { type: 'disposal_list', id: list.id },
        letterId: letter.id,
        details: { berkasIds: dto.berkasIds, letterCount: listed.reduce((n, b) => n + b.letterCount, 0) },
      });
      return list.id as string;
    });
    return this.view(id, principal);
  }

  async view(id: string, principal: PersonPrincipal): Promise<DisposalListDto> {
    assertArchivist(principal);
    const [row] = await this.db.query(`${DISPOSAL_ROW_SQL} WHERE d.id = $1`, [isUuid(id) ? id : null]);
    if (!row) throw new DisposalError(DisposalErrorCode.DISPOSAL_NOT_FOUND, `Disposal list ${id} not found`);
    return this.toDto(row);
  }

  /** The disposal lists, newest first, each as `view` shows it (an archivist's work list). */
  async list(principal: PersonPrincipal): Promise<DisposalListDto[]> {
    assertArchivist(principal);
    const rows: DisposalRow[] = await this.db.query(`${DISPOSAL_ROW_SQL} ORDER BY d.created_at DESC, d.id LIMIT 200`);
    return Promise.all(rows.map((row) => this.toDto(row)));
  }

  private async toDto(row: DisposalRow): Promise<DisposalListDto> {
    const listed: ListedBerkas[] = await this.db.query(LISTED_BERKAS_SQL, [row.berkasIds]);
    return {
      id: row.id,
      letterId: row.letterId,
      status: row.status,
      letterState: row.letterState,
      letterStateLabel: this.registry.latest(DISPOSAL_LETTER_TYPE)?.workflow.definition.states[row.letterState]?.label ?? row.letterState,
      beritaAcaraNumber: row.number,
      berkas: listed.map((b) => ({ id: b.id, number: b.number, classificationCode: b.classificationCode, title: b.title, period: periodOf(b), letterCount: b.letterCount, status: b.status })),
      destroyedCount: row.destroyedCount,
      letterCount: listed.reduce((n, b) => n + b.letterCount, 0),
      createdAt: row.createdAt,
      executedAt: row.executedAt,
    };
  }

  /**
   * Resumes a signed list that a legal hold stopped (once the hold is lifted), or one whose
   * execution stalled: queues the execution again; it carries on where it stopped.
   */
  async resume(id: string, principal: PersonPrincipal): Promise<DisposalListDto> {
    assertArchivist(principal);
    await this.db.transaction(async (tx) => {
      const [list] = await tx.query(`SELECT id, letter_id, status FROM disposal_list WHERE id = $1 FOR UPDATE`, [isUuid(id) ? id : null]);
      if (!list) throw new DisposalError(DisposalErrorCode.DISPOSAL_NOT_FOUND, `Disposal list ${id} not found`);
      if (list.status !== DisposalListStatus.Blocked && list.status !== DisposalListStatus.Executing) {
        throw new DisposalError(DisposalErrorCode.DISPOSAL_NOT_BLOCKED, 'Only a signed list whose execution was stopped can be resumed', { status: list.status });
      }
      await assertNoLegalHold(tx, await listBerkasIds(tx, list.id));
      await tx.query(`UPDATE disposal_list SET status = $2 WHERE id = $1`, [list.id, DisposalListStatus.Executing]);
      await this.outbox.add(tx, list.letter_id, DISPOSAL_EXECUTE_EVENT, { disposalListId: list.id });
    });
    this.outbox.kick();
    return this.view(id, principal);
  }

  /** The Panitia Penilai positions in order, then the approving official, from the configuration. */
  private async routes(tx: EntityManager): Promise<{ reviewers: { positionIds: string[] }[]; signers: { positionIds: string[] }[] }> {
    const panel = this.config.DISPOSAL_PANEL_POSITIONS.split(',');
    const codes = [...panel, this.config.DISPOSAL_SIGNER_POSITION];
    const found: { id: string; code: string; can_sign: boolean }[] = await tx.query(`SELECT id, code, can_sign FROM position WHERE code = ANY($1::text[])`, [codes]);
    const idOf = (code: string) => found.find((p) => p.code === code);
    const missing = codes.filter((code) => !idOf(code));
    const signer = idOf(this.config.DISPOSAL_SIGNER_POSITION);
    if (missing.length > 0 || !signer?.can_sign) {
      throw new DisposalError(DisposalErrorCode.DISPOSAL_ROUTE_NOT_CONFIGURED, 'The Panitia Penilai Arsip or the approving official is not configured (DISPOSAL_PANEL_POSITIONS, DISPOSAL_SIGNER_POSITION)', {
        missing,
        signerCanSign: signer?.can_sign ?? false,
      });
    }
    return { reviewers: panel.map((code) => ({ positionIds: [idOf(code)!.id] })), signers: [{ positionIds: [signer.id] }] };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string): boolean => UUID.test(id);

export function assertArchivist(principal: PersonPrincipal): void {
  if (!isArchivist(principal)) throw new DisposalError(DisposalErrorCode.ARCHIVIST_ONLY, 'Only an arsiparis drafts disposal lists and transfers');
}

export function assertDistinct(ids: string[]): void {
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dup.length > 0) throw new DisposalError(DisposalErrorCode.DUPLICATE_BERKAS, 'A berkas is listed twice', { berkasIds: [...new Set(dup)] });
}

/**
 * 422 BERKAS_NOT_DUE naming every berkas that is not due on `today`: in `status` (inaktif, or
 * diusulkan_musnah once listed), its inactive retention over (E1's due computation), with the
 * final disposition the kind asks for. The same rule as the retention's due lists.
 */
export async function assertDue(tx: EntityManager, berkasIds: string[], today: string, kind: 'musnah' | 'serah', status: BerkasStatus = BerkasStatus.Inactive): Promise<void> {
  const disposition = kind === 'musnah' ? FinalDisposition.Destroy : FinalDisposition.Permanent;
  const notDue: { id: string }[] = await tx.query(
    `SELECT b.id FROM berkas b WHERE b.id = ANY($2::uuid[])
        AND NOT (b.status = $3 AND b.inactive_until IS NOT NULL AND b.inactive_until <= $1::date AND b.final_disposition = $4) ORDER BY b.id`,
    [today, berkasIds, status, disposition],
  );
  if (notDue.length > 0) {
    throw new DisposalError(DisposalErrorCode.BERKAS_NOT_DUE, `Not due for ${kind} today: the berkas must be inaktif, past its retention, with final disposition ${kind === 'musnah' ? 'Musnah' : 'Permanen'}`, {
      berkasIds: notDue.map((r) => r.id),
    });
  }
}

export async function listBerkasIds(tx: EntityManager, disposalListId: string): Promise<string[]> {
  const rows: { berkas_id: string }[] = await tx.query(`SELECT berkas_id FROM disposal_list_berkas WHERE disposal_list_id = $1 ORDER BY ordinal`, [disposalListId]);
  return rows.map((r) => r.berkas_id);
}

/** What the Berita Acara Pemusnahan prints: the opening, the table of berkas, the closing. */
function beritaAcaraBody(listed: ListedBerkas[]): Record<string, unknown> {
  const letters = listed.reduce((n, b) => n + b.letterCount, 0);
  return {
    paragraphs: [
      'Berdasarkan Jadwal Retensi Arsip dan hasil penilaian Panitia Penilai Arsip, arsip yang tercantum dalam daftar di bawah ini telah habis masa retensinya dengan keterangan musnah, tidak memiliki nilai guna lagi, dan tidak sedang ditahan untuk keperluan hukum.',
      `Arsip sebanyak ${listed.length} berkas berisi ${letters} naskah tersebut dimusnahkan dengan menghapus seluruh isi dokumen elektroniknya (naskah, lampiran dan hasil pindaian) dari media penyimpanan sehingga tidak dapat dikenali lagi.`,
    ],
    table: {
      columns: [
        { label: 'No', width: 0.06 },
        { label: 'Nomor Berkas', width: 0.13 },
        { label: 'Kode Klasifikasi', width: 0.16 },
        { label: 'Uraian', width: 0.39 },
        { label: 'Kurun Waktu', width: 0.13 },
        { label: 'Jumlah', width: 0.13 },
      ],
      rows: listed.map((b, i) => [`${i + 1}`, `${b.number}`, b.classificationCode, b.title, periodOf(b), `${b.letterCount} naskah`]),
    },
    closing: [
      'Metadata, nomor dan nilai hash SHA-256 setiap naskah tetap disimpan sebagai bukti, dengan rujukan kepada berita acara ini. Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.',
    ],
    lampiran: null,
    externalRecipients: [],
  };
}
