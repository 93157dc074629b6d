import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { preparedQuery } from '../database/prepared-query';
import { LetterEntity, LetterKind, SIFAT_LABEL } from '../records/letter.entity';
import { StorageService } from '../storage/storage.service';
import type { PositionCapacity } from '../records/workflow-snapshot.types';
import { LetterRenderInput, LetterTable, LetterTemplateSet, RenderedLetter, RenderMode, SignerBlock, loadTemplates, renderLetterDocument } from './pdf';

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
const TEMPLATE_OF: Record<string, string> = { 'surat-keluar': 'surat-dinas', 'nota-dinas': 'nota-dinas', 'surat-undangan': 'surat-undangan', 'usul-musnah': 'berita-acara-pemusnahan' };

export const BSRE_ISSUER = 'Balai Sertifikasi Elektronik (BSrE), Badan Siber dan Sandi Negara';


type RenderPerson = { name: string; nip: string | null; rank: string | null };

interface RenderFactsRow {
  participants: { role: string; name: string }[];
  positions: { id: string; name: string; holder: RenderPerson | null; delegate: (RenderPerson & { kind: 'plt' | 'plh' }) | null }[];
  people: (RenderPerson & { id: string })[];
  root_name: string | null;
  letterhead: Record<string, any> | null;
  logo: string | null;
  current_document: { kind: string; render_sha256: string | null } | null;
}

/**
 * Recipients and tembusan come in the order the drafter gave them (letter_participant.ordinal).
 * $1 letter, $2 positions (signers, a.n./u.b.), $3 people known to sign, $4 unit, $5 the
 * letter's current document (its kind and render fingerprint, for draft checks). The id lists
 * are JSON arrays: the planner estimates them the same with or without their values, so the
 * prepared statement keeps one generic plan. As uuid[] with ANY, each call was planned anew
 * (a plan for the values costed less than the generic one), and planning took five times as
 * long as running it. A position's
 * holder is today's (position_assignment), its delegate the Plt/Plh whose delegation runs now;
 * the logo is the unit's or its nearest ancestor's (letterhead.logoObjectId).
 */
const RENDER_FACTS_SQL = `
  SELECT
    (SELECT coalesce(json_agg(json_build_object('role', lp.role, 'name', p.name) ORDER BY lp.ordinal, p.name), '[]')
       FROM letter_participant lp JOIN position p ON p.id = lp.position_id
      WHERE lp.letter_id = $1 AND lp.role IN ('recipient', 'tembusan')) AS participants,
    (SELECT coalesce(json_agg(json_build_object(
              'id', p.id, 'name', p.name,
              'holder', (SELECT json_build_object('name', pe.name, 'nip', pe.nip, 'rank', pe.rank) FROM position_assignment a JOIN person pe ON pe.id = a.person_id
                          WHERE a.position_id = p.id AND a.started_on <= current_date AND (a.ended_on IS NULL OR a.ended_on >= current_date)
                          ORDER BY a.started_on DESC LIMIT 1),
              'delegate', (SELECT json_build_object('name', pe.name, 'nip', pe.nip, 'rank', pe.rank, 'kind', g.kind) FROM delegation g JOIN person pe ON pe.id = g.person_id
                            WHERE g.position_id = p.id AND g.revoked_at IS NULL AND g.starts_at <= now() AND g.ends_at > now()
                            ORDER BY g.kind LIMIT 1))), '[]')
       FROM position p WHERE p.id IN (SELECT value::uuid FROM json_array_elements_text($2::json))) AS positions,
    (SELECT coalesce(json_agg(json_build_object('id', pe.id, 'name', pe.name, 'nip', pe.nip, 'rank', pe.rank)), '[]')
       FROM person pe WHERE pe.id IN (SELECT value::uuid FROM json_array_elements_text($3::json))) AS people,
    (SELECT name FROM unit WHERE parent_id IS NULL ORDER BY created_at LIMIT 1) AS root_name,
    (SELECT letterhead FROM unit WHERE id = $4) AS letterhead,
    (WITH RECURSIVE up(id, parent_id, letterhead, depth) AS (
       SELECT u.id, u.parent_id, u.letterhead, 0 FROM unit u WHERE u.id = $4
       UNION ALL
       SELECT u.id, u.parent_id, u.letterhead, up.depth + 1 FROM unit u JOIN up ON u.id = up.parent_id WHERE up.depth < 50
     ) SELECT letterhead->>'logoObjectId' FROM up WHERE letterhead->>'logoObjectId' IS NOT NULL ORDER BY depth LIMIT 1) AS logo,
    (SELECT json_build_object('kind', d.kind, 'render_sha256', d.render_sha256) FROM letter_document d WHERE d.id = $5) AS current_document`;

/** SHA-256 of a value as JSON; bytes (logos, fonts) count by their own SHA-256. */
function sha256Json(value: unknown): string {
  const json = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    return raw instanceof Uint8Array ? { sha256: createHash('sha256').update(raw).digest('hex') } : v;
  });
  return createHash('sha256').update(json ?? '').digest('hex');
}

/** body.table as the renderer takes it, or undefined when it is not one. */
function tableOf(value: unknown): LetterTable | undefined {
  const t = value as { columns?: unknown; rows?: unknown } | undefined;
  if (!t || !Array.isArray(t.columns) || !Array.isArray(t.rows)) return undefined;
  const columns = (t.columns as { label?: unknown; width?: unknown }[])
    .filter((c) => typeof c?.label === 'string' && typeof c?.width === 'number')
    .map((c) => ({ label: c.label as string, width: c.width as number }));
  const rows = (t.rows as unknown[]).filter(Array.isArray).map((r) => (r as unknown[]).map((cell) => (typeof cell === 'string' ? cell : String(cell ?? ''))));
  return columns.length > 0 ? { columns, rows } : undefined;
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
   * Everything a render of the letter shows, read in one statement: recipients and tembusan,
   * each signer position with its name, its holder today and its Plt/Plh now, the people who
   * already signed or sign now, the a.n./u.b. positions, the letterhead, the body's name and
   * the nearest unit logo.
   */
  async input(manager: EntityManager, letter: LetterEntity, current?: SignerOfPosition, final?: FinalFacts): Promise<LetterRenderInput> {
    return (await this.facts(manager, letter, current, final)).input;
  }

  /**
   * Whether the letter as it stands needs a draft render (renderDocument): not when it is not
   * an outgoing letter, when it is signed or has its final document, or when its current draft
   * was rendered from exactly what a render would show now (same fingerprint).
   */
  async draftNeeded(manager: EntityManager, letter: LetterEntity): Promise<boolean> {
    if (letter.kind !== LetterKind.Outgoing || letter.verificationCode) return false;
    const { input, current } = await this.facts(manager, letter);
    if (current && current.kind !== 'draft') return false;
    return current?.render_sha256 !== (await this.fingerprint(input, 'draft'));
  }

  private async facts(
    manager: EntityManager,
    letter: LetterEntity,
    current?: SignerOfPosition,
    final?: FinalFacts,
  ): Promise<{ input: LetterRenderInput; current: RenderFactsRow['current_document'] }> {
    const body = letter.body ?? {};
    const steps = letter.snapshot?.routes?.signers?.steps ?? [];
    const mark = body.signatureMark as { kind?: string; onBehalfOfPositionId?: string; viaPositionId?: string } | undefined;
    const positionIds = steps.flatMap((step) => step.positionIds);
    const markIds = [mark?.onBehalfOfPositionId, mark?.kind === 'ub' ? mark.viaPositionId : undefined].filter((id): id is string => !!id);
    // Who signs for each position, when already known: the current signer, or the step's approval.
    const known = new Map<string, SignerOfPosition>();
    for (const step of steps) {
      for (const positionId of step.positionIds) {
        const approval = step.approvals.find((a) => a.positionId === positionId);
        if (current?.positionId === positionId) known.set(positionId, current);
        else if (approval) known.set(positionId, { positionId, personId: approval.personId, capacity: approval.capacity });
      }
    }
    const [facts] = await preparedQuery<RenderFactsRow>(manager, RENDER_FACTS_SQL, [
      letter.id,
      JSON.stringify([...new Set([...positionIds, ...markIds])]),
      JSON.stringify([...new Set([...known.values()].map((k) => k.personId))]),
      letter.unitId,
      letter.currentDocumentId ?? null,
    ]);
    const participants = facts.participants;
    const external = Array.isArray(body.externalRecipients) ? (body.externalRecipients as { name?: string }[]).map((r) => r.name).filter((n): n is string => !!n) : [];
    const addressees = [...participants.filter((p) => p.role === 'recipient').map((p) => p.name), ...external];
    const signers = this.signerBlocks(positionIds, known, facts, mark);
    const paragraphs = Array.isArray(body.paragraphs) ? (body.paragraphs as unknown[]).filter((p): p is string => typeof p === 'string') : [];
    // Only a template with event-details/closing blocks prints these (surat undangan).
    const eventDetails = Array.isArray(body.eventDetails)
      ? (body.eventDetails as { label?: unknown; value?: unknown }[])
          .filter((d) => typeof d?.label === 'string' && typeof d?.value === 'string')
          .map((d) => ({ label: d.label as string, value: d.value as string }))
      : [];
    const closing = Array.isArray(body.closing) ? (body.closing as unknown[]).filter((p): p is string => typeof p === 'string') : [];
    // A berita acara's list of berkas (archive/disposal writes it); only a template with a table block prints it.
    const table = tableOf(body.table);
    const rootName = facts.root_name ?? this.config.CA_NAME;
    const input: LetterRenderInput = {
      letterType: (typeof body.template === 'string' && body.template) || TEMPLATE_OF[letter.workflowKey] || 'surat-dinas',
      letterhead: await this.letterhead(manager, facts.letterhead, rootName, facts.logo, letter.unitId),
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
      ...(eventDetails.length > 0 ? { eventDetails } : {}),
      ...(closing.length > 0 ? { closing } : {}),
      ...(table ? { table } : {}),
      signers,
      carbonCopies: participants.filter((p) => p.role === 'tembusan').map((p) => p.name),
      verificationCode: final?.verificationCode,
    };
    return { input, current: facts.current_document };
  }

  /**
   * One block per position of the signers route, in order. The current signer prints as they
   * act (Plt./Plh. when by delegation); later signers as the holder, or the Plt of a vacant
   * position, known now: the whole letter is rendered once, before the first signature.
   * a.n./u.b. (body.signatureMark, checked when drafted) marks the first signer's block only.
   */
  private signerBlocks(
    positionIds: string[],
    known: Map<string, SignerOfPosition>,
    facts: RenderFactsRow,
    mark: { kind?: string; onBehalfOfPositionId?: string; viaPositionId?: string } | undefined,
  ): SignerBlock[] {
    const positions = new Map(facts.positions.map((p) => [p.id, p]));
    const people = new Map(facts.people.map((p) => [p.id, p]));
    const superior = mark?.onBehalfOfPositionId ? positions.get(mark.onBehalfOfPositionId)?.name : undefined;
    const via = superior && mark?.kind === 'ub' && mark.viaPositionId ? positions.get(mark.viaPositionId)?.name : undefined;
    const onBehalfOf: SignerBlock['onBehalfOf'] = superior ? (via ? { superior, via } : { superior }) : undefined;
    const blocks: SignerBlock[] = [];
    for (const positionId of positionIds) {
      const position = positions.get(positionId);
      const signer = known.get(positionId);
      let person: RenderPerson | undefined;
      let actingAs: PositionCapacity | undefined;
      if (signer) {
        person = people.get(signer.personId);
        actingAs = signer.capacity;
      } else if (position?.holder) {
        person = position.holder;
        actingAs = 'holder';
      } else if (position?.delegate) {
        person = position.delegate;
        actingAs = position.delegate.kind;
      }
      blocks.push({
        position: position?.name ?? '-',
        name: person?.name ?? '-',
        nip: person?.nip?.trim() || undefined,
        rank: person?.rank?.trim() || undefined,
        actingAs: actingAs && actingAs !== 'holder' ? actingAs : undefined,
        ...(blocks.length === 0 && onBehalfOf ? { onBehalfOf } : {}),
      });
    }
    return blocks;
  }

  /** The unit's letterhead, or the body's name in capitals when it has none; the logo of the unit or its nearest ancestor. */
  private async letterhead(
    manager: EntityManager,
    stored: Record<string, any> | null,
    rootName: string,
    logo: string | null,
    unitId: string | null,
  ): Promise<LetterRenderInput['letterhead']> {
    const head = stored as { lines?: string[]; address?: string; phone?: string; email?: string; website?: string } | null;
    const lines = head?.lines?.length ? head.lines : [rootName.toUpperCase()];
    return {
      governmentName: lines[0],
      unitName: lines.length > 1 ? lines.slice(1).join(' ') : undefined,
      addressLines: head?.address ? [head.address] : [],
      phone: head?.phone,
      email: head?.email,
      website: head?.website,
      logoPng: await this.logoBytes(manager, logo, unitId),
    };
  }

  private async logoBytes(manager: EntityManager, objectId: string | null, unitId: string | null): Promise<Uint8Array | undefined> {
    if (!objectId) return undefined;
    try {
      return await this.storage.getBuffer(objectId, manager);
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
