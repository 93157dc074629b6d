import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { preparedQuery } from '../database/prepared-query';
import { LetterEntity, Sifat } from '../letters/letter.entity';
import { StorageService } from '../storage/storage.service';
import type { PositionCapacity } from '../workflow/engine/workflow-snapshot.types';
import { LetterRenderInput, LetterTemplateSet, RenderedLetter, RenderMode, SignerBlock, loadTemplates, renderLetterDocument } from './pdf';

/** Who signs (or will sign) for one position of the signers route. */
export interface SignerOfPosition {
  positionId: string;
  personId: string;
  capacity: PositionCapacity;
}

/** What only a final render carries. */
export interface FinalFacts {
  number: string;
  /** YYYY-MM-DD in WIB. */
  date: string;
  verificationCode: string;
}

/** Jenis naskah → template; a letter type without its own template uses the surat dinas layout. */
const TEMPLATE_OF: Record<string, string> = { 'surat-keluar': 'surat-dinas', 'nota-dinas': 'nota-dinas', 'surat-undangan': 'surat-undangan' };

const SIFAT_LABEL: Record<Sifat, string> = {
  [Sifat.Biasa]: 'Biasa',
  [Sifat.Terbatas]: 'Terbatas',
  [Sifat.Rahasia]: 'Rahasia',
  [Sifat.SangatRahasia]: 'Sangat Rahasia',
};

export const BSRE_ISSUER = 'Balai Sertifikasi Elektronik (BSrE), Badan Siber dan Sandi Negara';

/** The letter's date in Western Indonesian Time (WIB), as printed on it. */
export function wibDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** SHA-256 of a value as JSON; bytes (logos, fonts) count by their own SHA-256. */
function sha256Json(value: unknown): string {
  const json = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    return raw instanceof Uint8Array ? { sha256: createHash('sha256').update(raw).digest('hex') } : v;
  });
  return createHash('sha256').update(json ?? '').digest('hex');
}

/** Turns a letter row, its unit's letterhead and its route into the render input, and renders it. */
@Injectable()
export class LetterRenderService {
  private readonly logger = new Logger(LetterRenderService.name);
  private templates?: Promise<LetterTemplateSet>;
  private templatesSha256?: string;

  constructor(
    private readonly config: AppConfig,
    private readonly storage: StorageService,
  ) {}

  render(input: LetterRenderInput, mode: RenderMode): Promise<RenderedLetter> {
    return this.templateSet().then((templates) =>
      renderLetterDocument(input, {
        templates,
        mode,
        publicUrl: this.config.PUBLIC_URL,
        certificateIssuer: this.config.SIGNING_PROVIDER === 'bsre' ? BSRE_ISSUER : this.config.CA_NAME,
      }),
    );
  }

  /**
   * Everything a render of the letter shows, read in four statements whatever the number of
   * signers: recipients and tembusan, the signers' positions and people, and the letterhead
   * with the body's name and the nearest unit logo.
   */
  async input(manager: EntityManager, letter: LetterEntity, current?: SignerOfPosition, final?: FinalFacts): Promise<LetterRenderInput> {
    const body = letter.body ?? {};
    const participants = await preparedQuery<{ role: string; name: string }>(
      manager,
      `SELECT lp.role, p.name FROM letter_participant lp JOIN position p ON p.id = lp.position_id
        WHERE lp.letter_id = $1 AND lp.role IN ('recipient', 'tembusan') ORDER BY p.name`,
      [letter.id],
    );
    const external = Array.isArray(body.externalRecipients) ? (body.externalRecipients as { name?: string }[]).map((r) => r.name).filter((n): n is string => !!n) : [];
    const addressees = [...participants.filter((p) => p.role === 'recipient').map((p) => p.name), ...external];
    const signers = await this.signerBlocks(manager, letter, current);
    const paragraphs = Array.isArray(body.paragraphs) ? (body.paragraphs as unknown[]).filter((p): p is string => typeof p === 'string') : [];
    const { letterhead, rootName } = await this.letterhead(manager, letter.unitId);
    return {
      letterType: (typeof body.template === 'string' && body.template) || TEMPLATE_OF[letter.workflowKey] || 'surat-dinas',
      letterhead,
      number: final?.number,
      date: final?.date,
      // Tempat: the city of the body, from its root unit ("Pemerintah Kota Pekalongan" → "Pekalongan").
      place: rootName.replace(/^Pemerintah\s+(Kota|Kabupaten|Provinsi)\s+/i, ''),
      securityClass: SIFAT_LABEL[letter.sifat] ?? letter.sifat,
      attachments: typeof body.lampiran === 'string' && body.lampiran ? body.lampiran : '-',
      subject: letter.subject,
      addressees: addressees.length > 0 ? addressees : ['-'],
      sender: signers[0]?.position,
      paragraphs: paragraphs.length > 0 ? paragraphs : ['-'],
      signers,
      carbonCopies: participants.filter((p) => p.role === 'tembusan').map((p) => p.name),
      verificationCode: final?.verificationCode,
    };
  }

  /**
   * One block per position of the signers route, in order. The current signer prints as they
   * act (Plt./Plh. when by delegation); later signers as the holder, or the Plt of a vacant
   * position, known now: the whole letter is rendered once, before the first signature.
   */
  private async signerBlocks(manager: EntityManager, letter: LetterEntity, current?: SignerOfPosition): Promise<SignerBlock[]> {
    const steps = letter.snapshot?.routes?.signers?.steps ?? [];
    const mark = letter.body?.signatureMark as { kind?: string; onBehalfOfPositionId?: string; viaPositionId?: string } | undefined;
    const positionIds = steps.flatMap((step) => step.positionIds);
    const markIds = [mark?.onBehalfOfPositionId, mark?.kind === 'ub' ? mark.viaPositionId : undefined].filter((id): id is string => !!id);
    if (positionIds.length === 0 && markIds.length === 0) return [];
    // Each position with its holder today, or else its Plt/Plh now (a vacant position's Plt).
    const positions = await preparedQuery<{ id: string; name: string; holder_id: string | null; delegate_id: string | null; delegate_kind: PositionCapacity | null }>(
      manager,
      `SELECT p.id, p.name, h.person_id AS holder_id, d.person_id AS delegate_id, d.kind AS delegate_kind
         FROM position p
         LEFT JOIN LATERAL (
           SELECT a.person_id FROM position_assignment a
            WHERE a.position_id = p.id AND a.started_on <= current_date AND (a.ended_on IS NULL OR a.ended_on >= current_date)
            ORDER BY a.started_on DESC LIMIT 1) h ON true
         LEFT JOIN LATERAL (
           SELECT g.person_id, g.kind FROM delegation g
            WHERE g.position_id = p.id AND g.revoked_at IS NULL AND g.starts_at <= now() AND g.ends_at > now()
            ORDER BY g.kind LIMIT 1) d ON true
        WHERE p.id = ANY($1::uuid[])`,
      [[...new Set([...positionIds, ...markIds])]],
    );
    const byId = new Map(positions.map((p) => [p.id, p]));
    const who = new Map<string, SignerOfPosition | undefined>();
    for (const step of steps) {
      for (const positionId of step.positionIds) {
        const approval = step.approvals.find((a) => a.positionId === positionId);
        const row = byId.get(positionId);
        const expected: SignerOfPosition | undefined = row?.holder_id
          ? { positionId, personId: row.holder_id, capacity: 'holder' }
          : row?.delegate_id
            ? { positionId, personId: row.delegate_id, capacity: row.delegate_kind! }
            : undefined;
        who.set(positionId, current?.positionId === positionId ? current : approval ? { positionId, personId: approval.personId, capacity: approval.capacity } : expected);
      }
    }
    const personIds = [...new Set([...who.values()].filter((w): w is SignerOfPosition => !!w).map((w) => w.personId))];
    const people = new Map(
      (personIds.length > 0 ? await preparedQuery<{ id: string; name: string; nip: string | null }>(manager, 'SELECT id, name, nip FROM person WHERE id = ANY($1::uuid[])', [personIds]) : []).map(
        (p) => [p.id, p],
      ),
    );
    // a.n./u.b. (body.signatureMark, checked when drafted) marks the first signer's block only.
    const superior = mark?.onBehalfOfPositionId ? byId.get(mark.onBehalfOfPositionId)?.name : undefined;
    const via = superior && mark?.kind === 'ub' && mark.viaPositionId ? byId.get(mark.viaPositionId)?.name : undefined;
    const onBehalfOf: SignerBlock['onBehalfOf'] = superior ? (via ? { superior, via } : { superior }) : undefined;
    const blocks: SignerBlock[] = [];
    for (const positionId of positionIds) {
      const signer = who.get(positionId);
      const person = signer ? people.get(signer.personId) : undefined;
      blocks.push({
        position: byId.get(positionId)?.name ?? '-',
        name: person?.name ?? '-',
        nip: person?.nip?.trim() || undefined,
        actingAs: signer && signer.capacity !== 'holder' ? signer.capacity : undefined,
        ...(blocks.length === 0 && onBehalfOf ? { onBehalfOf } : {}),
      });
    }
    return blocks;
  }

  /**
   * The letter's unit letterhead (the body's name in capitals when the unit has none), the name
   * of the body (root unit), and the logo of the unit or of its nearest ancestor that has one
   * (letterhead.logoObjectId); the template's default logo when none has, or when the stored
   * object cannot be read.
   */
  private async letterhead(manager: EntityManager, unitId: string | null): Promise<{ letterhead: LetterRenderInput['letterhead']; rootName: string }> {
    const [row] = await preparedQuery<{ root_name: string | null; letterhead: Record<string, any> | null; logo: string | null }>(
      manager,
      `SELECT (SELECT name FROM unit WHERE parent_id IS NULL ORDER BY created_at LIMIT 1) AS root_name,
              (SELECT letterhead FROM unit WHERE id = $1) AS letterhead,
              (WITH RECURSIVE up(id, parent_id, letterhead, depth) AS (
                 SELECT u.id, u.parent_id, u.letterhead, 0 FROM unit u WHERE u.id = $1
                 UNION ALL
                 SELECT u.id, u.parent_id, u.letterhead, up.depth + 1 FROM unit u JOIN up ON u.id = up.parent_id WHERE up.depth < 50
               ) SELECT letterhead->>'logoObjectId' FROM up WHERE letterhead->>'logoObjectId' IS NOT NULL ORDER BY depth LIMIT 1) AS logo`,
      [unitId],
    );
    const rootName = row?.root_name ?? this.config.CA_NAME;
    const head = row?.letterhead as { lines?: string[]; address?: string; phone?: string; email?: string; website?: string } | null | undefined;
    const lines = head?.lines?.length ? head.lines : [rootName.toUpperCase()];
    return {
      rootName,
      letterhead: {
        governmentName: lines[0],
        unitName: lines.length > 1 ? lines.slice(1).join(' ') : undefined,
        addressLines: head?.address ? [head.address] : [],
        phone: head?.phone,
        email: head?.email,
        website: head?.website,
        logoPng: await this.logoBytes(row?.logo ?? null, unitId),
      },
    };
  }

  private async logoBytes(objectId: string | null, unitId: string | null): Promise<Uint8Array | undefined> {
    if (!objectId) return undefined;
    try {
      return await this.storage.getBuffer(objectId);
    } catch (err) {
      this.logger.warn({ err, unitId, objectId }, 'Unit logo unreadable; using the default logo');
      return undefined;
    }
  }

  /**
   * What a render depends on, as SHA-256: the template set, the options, the mode and the
   * input. Equal fingerprints render the same letter, so the render can be kept.
   */
  async fingerprint(input: LetterRenderInput, mode: RenderMode): Promise<string> {
    const templates = await this.templateSet();
    this.templatesSha256 ??= sha256Json([...templates.entries()]);
    const options = { publicUrl: this.config.PUBLIC_URL, signingProvider: this.config.SIGNING_PROVIDER, caName: this.config.CA_NAME };
    return sha256Json({ templates: this.templatesSha256, options, mode, input });
  }

  private templateSet(): Promise<LetterTemplateSet> {
    this.templates ??= loadTemplates(this.config.TEMPLATES_DIR);
    return this.templates;
  }
}
