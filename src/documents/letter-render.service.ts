import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
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

  async input(manager: EntityManager, letter: LetterEntity, current?: SignerOfPosition, final?: FinalFacts): Promise<LetterRenderInput> {
    const body = letter.body ?? {};
    const participants: { role: string; name: string }[] = await manager.query(
      `SELECT lp.role, p.name FROM letter_participant lp JOIN position p ON p.id = lp.position_id
        WHERE lp.letter_id = $1 AND lp.role IN ('recipient', 'tembusan') ORDER BY p.name`,
      [letter.id],
    );
    const external = Array.isArray(body.externalRecipients) ? (body.externalRecipients as { name?: string }[]).map((r) => r.name).filter((n): n is string => !!n) : [];
    const addressees = [...participants.filter((p) => p.role === 'recipient').map((p) => p.name), ...external];
    const signers = await this.signerBlocks(manager, letter, current);
    const paragraphs = Array.isArray(body.paragraphs) ? (body.paragraphs as unknown[]).filter((p): p is string => typeof p === 'string') : [];
    return {
      letterType: (typeof body.template === 'string' && body.template) || TEMPLATE_OF[letter.workflowKey] || 'surat-dinas',
      letterhead: await this.letterhead(manager, letter.unitId),
      number: final?.number,
      date: final?.date,
      place: await this.place(manager),
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
    const blocks: SignerBlock[] = [];
    const onBehalfOf = await this.onBehalfOf(manager, letter);
    for (const step of steps) {
      for (const positionId of step.positionIds) {
        const approval = step.approvals.find((a) => a.positionId === positionId);
        const who =
          current?.positionId === positionId
            ? current
            : approval
              ? { positionId, personId: approval.personId, capacity: approval.capacity }
              : await this.expectedSigner(manager, positionId);
        const [position] = await manager.query('SELECT name FROM position WHERE id = $1', [positionId]);
        const [person] = who ? await manager.query('SELECT name, nip FROM person WHERE id = $1', [who.personId]) : [];
        blocks.push({
          position: position?.name ?? '-',
          name: person?.name ?? '-',
          nip: person?.nip?.trim() || undefined,
          actingAs: who && who.capacity !== 'holder' ? who.capacity : undefined,
          // a.n./u.b. (body.signatureMark, checked when drafted) marks the first signer's block only.
          ...(blocks.length === 0 && onBehalfOf ? { onBehalfOf } : {}),
        });
      }
    }
    return blocks;
  }

  /** The a.n./u.b. lines of the letter's body.signatureMark: position names of the superior and, for u.b., the via position. */
  private async onBehalfOf(manager: EntityManager, letter: LetterEntity): Promise<SignerBlock['onBehalfOf']> {
    const mark = letter.body?.signatureMark as { kind?: string; onBehalfOfPositionId?: string; viaPositionId?: string } | undefined;
    if (!mark?.onBehalfOfPositionId) return undefined;
    const name = async (id: string): Promise<string | undefined> => (await manager.query('SELECT name FROM position WHERE id = $1', [id]))[0]?.name;
    const superior = await name(mark.onBehalfOfPositionId);
    if (!superior) return undefined;
    const via = mark.kind === 'ub' && mark.viaPositionId ? await name(mark.viaPositionId) : undefined;
    return via ? { superior, via } : { superior };
  }

  private async expectedSigner(manager: EntityManager, positionId: string): Promise<SignerOfPosition | undefined> {
    const [holder] = await manager.query(
      `SELECT person_id FROM position_assignment WHERE position_id = $1 AND started_on <= current_date AND (ended_on IS NULL OR ended_on >= current_date)
        ORDER BY started_on DESC LIMIT 1`,
      [positionId],
    );
    if (holder) return { positionId, personId: holder.person_id, capacity: 'holder' };
    const [plt] = await manager.query(
      `SELECT person_id, kind FROM delegation WHERE position_id = $1 AND revoked_at IS NULL AND starts_at <= now() AND ends_at > now() ORDER BY kind LIMIT 1`,
      [positionId],
    );
    return plt ? { positionId, personId: plt.person_id, capacity: plt.kind } : undefined;
  }

  private async letterhead(manager: EntityManager, unitId: string | null): Promise<LetterRenderInput['letterhead']> {
    const [unit] = unitId ? await manager.query('SELECT name, letterhead FROM unit WHERE id = $1', [unitId]) : [];
    const head = unit?.letterhead as { lines?: string[]; address?: string; phone?: string; email?: string; website?: string } | null | undefined;
    const lines = head?.lines?.length ? head.lines : [(await this.rootName(manager)).toUpperCase()];
    return {
      governmentName: lines[0],
      unitName: lines.length > 1 ? lines.slice(1).join(' ') : undefined,
      addressLines: head?.address ? [head.address] : [],
      phone: head?.phone,
      email: head?.email,
      website: head?.website,
      logoPng: await this.unitLogo(manager, unitId),
    };
  }

  /**
   * The logo of the letter's unit, or of its nearest ancestor that has one (letterhead.logoObjectId);
   * undefined (so the template's default logo) when none has, or when the stored object cannot be read.
   */
  private async unitLogo(manager: EntityManager, unitId: string | null): Promise<Uint8Array | undefined> {
    if (!unitId) return undefined;
    const [row] = await manager.query(
      `WITH RECURSIVE up(id, parent_id, letterhead, depth) AS (
         SELECT u.id, u.parent_id, u.letterhead, 0 FROM unit u WHERE u.id = $1
         UNION ALL
         SELECT u.id, u.parent_id, u.letterhead, up.depth + 1 FROM unit u JOIN up ON u.id = up.parent_id WHERE up.depth < 50
       ) SELECT letterhead->>'logoObjectId' AS logo FROM up WHERE letterhead->>'logoObjectId' IS NOT NULL ORDER BY depth LIMIT 1`,
      [unitId],
    );
    if (!row?.logo) return undefined;
    try {
      return await this.storage.getBuffer(row.logo);
    } catch (err) {
      this.logger.warn({ err, unitId, objectId: row.logo }, 'Unit logo unreadable; using the default logo');
      return undefined;
    }
  }

  /** Tempat: the city of the body, from its root unit ("Pemerintah Kota Pekalongan" → "Pekalongan"). */
  private async place(manager: EntityManager): Promise<string> {
    return (await this.rootName(manager)).replace(/^Pemerintah\s+(Kota|Kabupaten|Provinsi)\s+/i, '');
  }

  private async rootName(manager: EntityManager): Promise<string> {
    const [root] = await manager.query('SELECT name FROM unit WHERE parent_id IS NULL ORDER BY created_at LIMIT 1');
    return root?.name ?? this.config.CA_NAME;
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
