import { randomUUID } from 'node:crypto';
import { ReadReplicas } from '../database/read-replicas';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { actingPositionIds, PersonPrincipal } from '../records/principal';
import { AppAbility, assertCan } from '../authz/ability.factory';
import { CommonError, CommonErrorCode } from '../common/errors/app-error';
import { ClassificationCodes } from '../classification/classification-codes';
import { AppConfig } from '../config/app-config';
import { verificationUrl } from '../documents/pdf/qr-code';
import { SIGNING_PLUGIN, SigningInput } from '../documents/signing-input';
import { planRoutes } from '../workflow/engine/workflow-interpreter';
import type { RoutePlans } from '../records/workflow-snapshot.types';
import { WorkflowError } from '../workflow/engine/workflow.errors';
import { CreateRefusal, LetterWorkflowService } from '../workflow/letter-workflow.service';
import { LETTER_ROW } from '../workflow/persistence/transition-statement';
import { part, sql, StatementPart } from '../workflow/persistence/statement-parts';
import { WorkflowRegistry } from '../workflow/workflow-registry.service';
import { CreateLetterDto, RouteStepDto, SignatureMarkDto, UpdateLetterDto } from './dto/create-letter.dto';
import { LetterListDto, LetterListItemDto, LetterStateCountDto } from './dto/letter-list.dto';
import { LetterHistoryEntryDto, LetterViewDto } from './dto/letter-view.dto';
import { ListQuery } from './access/dto/list.query';
import { TransitionDto } from './dto/transition.dto';
import { visibleLettersSql } from './letter-access';
import { LetterEntity, LetterKind, Sifat, Urgency } from '../records/letter.entity';
import { LetterError, LetterErrorCode } from './access/letters.errors';

/** The states of a signed outgoing letter still to be sent, distributed or filed. */
const DISPATCH_STATES = ['signed', 'sent', 'distributed'];

export type LetterView = LetterViewDto;

/**
 * Letter types whose signature block may carry a.n./u.b. (signing on behalf of a superior by
 * mandate). The rule is per letter type rather than in the workflow YAML, whose schema belongs
 * to the engine: outgoing letters (surat keluar / surat dinas), surat undangan and nota dinas allow it.
 */
const SIGNATURE_MARK_TYPES: ReadonlySet<string> = new Set(['surat-keluar', 'nota-dinas', 'surat-undangan']);

/**
 * Letter types whose template prints body.eventDetails and body.closing (the event-details and
 * closing blocks). Elsewhere they would be stored and never printed, so they are refused.
 */
const EVENT_DETAIL_TYPES: ReadonlySet<string> = new Set(['surat-undangan']);

/** What body.signatureMark holds (the same shape as the API's). */
export interface StoredSignatureMark {
  kind: 'an' | 'ub';
  onBehalfOfPositionId: string;
  viaPositionId?: string;
}

const toPlans = (reviewers?: RouteStepDto[], signers?: RouteStepDto[]): RoutePlans => {
  const plans: RoutePlans = {};
  if (reviewers) plans.reviewers = reviewers.map((s) => ({ positionIds: s.positionIds, mode: s.mode, n: s.n }));
  if (signers) plans.signers = signers.map((s) => ({ positionIds: s.positionIds, mode: s.mode, n: s.n }));
  return plans;
};

/**
 * A new draft's first version, in the statement that creates it: the content as saveVersion
 * records it, from the row and participants the statement writes.
 */
const firstVersion = (personId: string): StatementPart => {
  const l = sql.raw(LETTER_ROW);
  return part(
    'first_version',
    sql`INSERT INTO letter_version (letter_id, number, content, created_by_person_id)
SELECT ${l}.id, 1,
       jsonb_build_object('subject', ${l}.subject, 'sifat', ${l}.sifat, 'urgency', ${l}.urgency, 'classificationCode', ${l}.classification_code,
                          'body', ${l}.body, 'routePlans', ${l}.route_plans,
                          'participants', (SELECT coalesce(jsonb_agg(jsonb_build_object('positionId', p.position_id, 'role', p.role) ORDER BY p.role, p.ordinal, p.position_id), '[]') FROM participants p)),
       ${personId}::uuid
  FROM ${l}`,
  );
};

@Injectable()
export class LettersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reads: ReadReplicas,
    private readonly workflow: LetterWorkflowService,
    private readonly registry: WorkflowRegistry,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly classifications: ClassificationCodes,
  ) {}

  /** Drafts an outgoing letter or nota dinas and starts it on its workflow. */
  async create(dto: CreateLetterDto, principal: PersonPrincipal, ability: AppAbility): Promise<LetterView> {
    assertCan(ability, 'create', 'Letter', 'Only staff and officials draft letters');
    const drafterPosition = this.drafterPosition(principal, dto.asPositionId);
    const routes = toPlans(dto.reviewers, dto.signers);
    this.checkClassification(dto.classificationCode);
    this.checkEventDetails(dto.type, dto.body);
    const registered = this.registry.latest(dto.type);
    if (!registered) throw LetterError.unprocessable(LetterErrorCode.LETTER_TYPE_UNKNOWN, `Unknown letter type ${dto.type}`, { type: dto.type });
    const signers = (dto.signers ?? []).flatMap((s) => s.positionIds);
    const named = (ids: string[] | undefined, role: string) => (ids ?? []).map((positionId, i) => ({ positionId, role, ordinal: i + 1 }));
    const id = randomUUID();
    // One statement writes the letter, its addressees, its start and its first version; it
    // writes nothing when a position is unknown or a signer may not sign, and says which.
    const write = async (manager: EntityManager) => {
      const created = await this.workflow.create(
        manager,
        {
          id,
          columns: {
            kind: LetterKind.Outgoing,
            workflow_key: dto.type,
            workflow_definition_id: registered.id,
            route_plans: routes,
            subject: dto.subject,
            sifat: dto.sifat ?? Sifat.Biasa,
            urgency: dto.urgency ?? Urgency.Biasa,
            classification_code: dto.classificationCode ?? null,
            drafter_person_id: principal.personId,
            drafter_position_id: drafterPosition,
            body: this.bodyOf(dto),
          },
          positions: { all: this.namedPositions(dto), signers },
          participants: [...named(dto.recipientPositionIds, 'recipient'), ...named(dto.tembusanPositionIds, 'tembusan'), { positionId: drafterPosition, role: 'drafter', ordinal: 1 }],
          parts: { after: [firstVersion(principal.personId)] },
        },
        { kind: 'person', principal },
        routes,
      );
      if (created.refusal) this.refuse(created.refusal);
    };
    // The a.n./u.b. mark is checked against the positions once they are known to exist: in the
    // same transaction, which its refusal rolls back.
    if (dto.signatureMark) {
      const mark = dto.signatureMark;
      await this.db.transaction(async (tx) => {
        await write(tx);
        await this.checkSignatureMark(tx, dto.type, dto.signers[0]?.positionIds[0], mark);
      });
    } else await write(this.db.manager);
    return this.view(id, principal, ability);
  }

  async view(id: string, principal: PersonPrincipal, ability: AppAbility): Promise<LetterView> {
    const letter = await this.workflow.loadVisible(this.db.manager, id, ability);
    await this.audit.confidentialRead(this.db, letter, 'letter');
    return this.render(letter, principal);
  }

  /** The view of a letter loaded through LetterWorkflowService (which read its participants). */
  private async render(letter: LetterEntity, principal: PersonPrincipal): Promise<LetterView> {
    const participants =
      this.workflow.participantsOf(letter) ??
      ((await this.db.query('SELECT position_id, role FROM letter_participant WHERE letter_id = $1 ORDER BY role, position_id', [letter.id])) as {
        position_id: string;
        role: string;
      }[]);
    const registered = await this.registry.definition(letter.workflowDefinitionId);
    const allowed = await this.workflow.allowedFor(letter, principal);
    const addressees: { position_id: string; role: string; name: string }[] = await this.db.query(
      `SELECT lp.position_id, lp.role, p.name FROM letter_participant lp JOIN position p ON p.id = lp.position_id
        WHERE lp.letter_id = $1 AND lp.role IN ('recipient', 'tembusan') ORDER BY lp.ordinal, p.name`,
      [letter.id],
    );
    // Archive disposal (archive/disposal): the contents are gone, the record and the berita acara reference stay.
    const [destruction] = await this.db.query(
      `SELECT x.destroyed_at AS "destroyedAt", x.disposal_list_id AS "disposalListId", d.letter_id AS "beritaAcaraLetterId", b.number AS "beritaAcaraNumber", x.objects
         FROM destroyed_letter x JOIN disposal_list d ON d.id = x.disposal_list_id JOIN letter b ON b.id = d.letter_id WHERE x.letter_id = $1`,
      [letter.id],
    );
    const addresseesOf = (role: string) => addressees.filter((a) => a.role === role).map((a) => ({ positionId: a.position_id, name: a.name }));
    const s = letter.snapshot;
    return {
      id: letter.id,
      kind: letter.kind,
      type: letter.workflowKey,
      subject: letter.subject,
      sifat: letter.sifat,
      urgency: letter.urgency,
      classificationCode: letter.classificationCode,
      number: letter.number,
      numberedAt: letter.numberedAt,
      state: letter.state,
      stateLabel: registered.workflow.definition.states[letter.state]?.label ?? letter.state,
      done: letter.done,
      overdue: letter.overdue,
      version: letter.version,
      revision: s.revision,
      drafterPersonId: letter.drafterPersonId,
      drafterPositionId: letter.drafterPositionId,
      body: letter.body,
      participants: participants.map((p) => ({ positionId: p.position_id, role: p.role })),
      addressees: { recipients: addresseesOf('recipient'), tembusan: addresseesOf('tembusan') },
      routes: s.routes,
      returned: s.returned,
      deadline: s.deadline,
      verification:
        letter.signedAt && letter.verificationCode
          ? { code: letter.verificationCode, url: verificationUrl(this.config.PUBLIC_URL, letter.verificationCode) }
          : undefined,
      ...(destruction ? { destruction } : {}),
      allowedEvents: allowed.map((a) => ({
        event: a.event,
        label: a.label,
        to: a.to,
        requiresNote: a.requiresNote,
        asPositionId: a.actedAs.positionId,
        capacity: a.actedAs.capacity,
      })),
      createdAt: letter.createdAt,
      updatedAt: letter.updatedAt,
    };
  }

  async transition(id: string, dto: TransitionDto, principal: PersonPrincipal, ability: AppAbility): Promise<LetterView> {
    const { letter } = await this.workflow.fire(
      id,
      {
        event: dto.event,
        version: dto.version,
        comment: dto.comment,
        asPositionId: dto.asPositionId,
        ...(dto.passphrase !== undefined || dto.totp !== undefined ? { pluginInput: { [SIGNING_PLUGIN]: { passphrase: dto.passphrase, totp: dto.totp } satisfies SigningInput } } : {}),
      },
      principal,
      ability,
    );
    return this.render(letter, principal);
  }

  /** Revises a draft (only in states that allow editing routes, i.e. draft and returned); every version is kept. */
  async update(id: string, dto: UpdateLetterDto, principal: PersonPrincipal, ability: AppAbility): Promise<LetterView> {
    this.checkClassification(dto.classificationCode);
    await this.db.transaction(async (tx) => {
      const letter = await this.workflow.loadVisible(tx, id, ability);
      if (letter.drafterPersonId !== principal.personId) {
        throw LetterError.unprocessable(LetterErrorCode.NOT_EDITABLE, 'Only the drafter revises a draft');
      }
      this.checkEventDetails(letter.workflowKey, dto.body);
      const registered = await this.registry.definition(letter.workflowDefinitionId);
      let snapshot = letter.snapshot;
      const plans = toPlans(dto.reviewers, dto.signers);
      if (!registered.workflow.definition.states[letter.state]?.editRoutes) {
        throw LetterError.unprocessable(LetterErrorCode.NOT_EDITABLE, `A letter in state "${letter.state}" cannot be revised`);
      }
      if (plans.reviewers || plans.signers) {
        const planned = planRoutes(registered.workflow, snapshot, plans);
        if (!planned.ok) throw WorkflowError.fromRefusal(planned);
        snapshot = planned.snapshot;
      }
      await this.checkPositions(tx, dto);
      let body = dto.body || dto.externalRecipients ? { ...letter.body, ...this.bodyOf({ ...dto, body: dto.body ?? (letter.body as never) }) } : letter.body;
      // The mark is checked again whenever it or the signers change; `null` removes it.
      const mark = dto.signatureMark === null ? undefined : (dto.signatureMark ?? (letter.body?.signatureMark as StoredSignatureMark | undefined));
      if (mark && (dto.signatureMark || plans.signers)) {
        await this.checkSignatureMark(tx, letter.workflowKey, snapshot.routes?.signers?.steps?.[0]?.positionIds[0], mark);
      }
      if (dto.signatureMark !== undefined) {
        const { signatureMark: _removed, ...rest } = body ?? {};
        body = mark ? { ...rest, signatureMark: this.markOf(mark) } : rest;
      }
      const changed = await tx.query(
        `UPDATE letter SET subject = $1, sifat = $2, urgency = $3, classification_code = $4, body = $5, snapshot = $6,
                route_plans = route_plans || $7::jsonb, version = version + 1, updated_at = now()
          WHERE id = $8 AND version = $9 RETURNING id`,
        [
          dto.subject ?? letter.subject,
          dto.sifat ?? letter.sifat,
          dto.urgency ?? letter.urgency,
          dto.classificationCode ?? letter.classificationCode,
          body,
          snapshot,
          plans,
          id,
          dto.version,
        ],
      );
      if (changed[0].length === 0) throw this.staleVersion();
      if (dto.recipientPositionIds || dto.tembusanPositionIds) {
        await this.replaceAddressees(tx, id, dto.recipientPositionIds, dto.tembusanPositionIds);
      }
      if (plans.reviewers || plans.signers) await this.replaceRouteParticipants(tx, id, snapshot);
      await this.saveVersion(tx, id, principal.personId);
    });
    return this.view(id, principal, ability);
  }

  async history(id: string, ability: AppAbility): Promise<LetterHistoryEntryDto[]> {
    await this.audit.confidentialRead(this.db, await this.workflow.loadVisible(this.db.manager, id, ability), 'history');
    const rows = await this.db.query(
      `SELECT seq, event, from_state AS "from", to_state AS "to", actor_person_id AS "actorPersonId", actor_name AS "actorName",
              acted_as_position_id AS "actedAsPositionId", capacity, actor_label AS "actorLabel", comment, revision, at
         FROM letter_history WHERE letter_id = $1 ORDER BY seq`,
      [id],
    );
    return rows;
  }

  async versions(id: string, ability: AppAbility) {
    await this.audit.confidentialRead(this.db, await this.workflow.loadVisible(this.db.manager, id, ability), 'versions');
    return this.db.query(
      `SELECT v.number, v.content, v.created_by_person_id AS "createdByPersonId", pe.name AS "createdByName", v.created_at AS "createdAt"
         FROM letter_version v LEFT JOIN person pe ON pe.id = v.created_by_person_id WHERE v.letter_id = $1 ORDER BY v.number`,
      [id],
    );
  }

  /**
   * Letters the caller may see, newest first, filtered by kind, state and words of the subject,
   * with the states there are (for a state filter). Each state as its workflow's Indonesian label.
   */
  async list(principal: PersonPrincipal, q: ListQuery): Promise<LetterListDto> {
    const access = visibleLettersSql(principal, 'l', 1);
    const params: unknown[] = [...access.params];
    const add = (value: unknown) => `$${params.push(value)}`;
    // TU sees its units' numbered outgoing letters through the visibility rule itself (letter-access.ts).
    const where: string[] = [access.sql];
    if (q.scope === 'dispatch') where.push(`l.kind = 'outgoing'`, `l.state = ANY(${add(DISPATCH_STATES)}::text[])`);
    if (q.kind) where.push(`l.kind = ${add(q.kind)}`);
    if (q.q?.trim()) where.push(`l.subject ILIKE ${add(`%${q.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
    const facetWhere = where.join(' AND ');
    const facetParams = [...params];
    if (q.state) where.push(`l.state = ${add(q.state)}`);
    const filtered = where.join(' AND ');
    const [rows, [{ total }], stateRows] = await Promise.all([
      this.reads.query(principal,
        `SELECT l.id, l.kind, l.workflow_key AS type, l.workflow_definition_id AS "definitionId", l.subject, l.sifat, l.urgency, l.number, l.state, l.done,
                l.overdue, l.version, l.numbered_at AS "numberedAt", l.created_at AS "createdAt", l.updated_at AS "updatedAt"
           FROM letter l WHERE ${filtered} ORDER BY l.created_at DESC, l.id LIMIT ${add(q.limit)} OFFSET ${add((q.page - 1) * q.limit)}`,
        params,
      ),
      this.reads.query(principal, `SELECT count(*)::int AS total FROM letter l WHERE ${filtered}`, params.slice(0, params.length - 2)),
      this.reads.query(principal,
        `SELECT l.workflow_definition_id AS "definitionId", l.state, count(*)::int AS n FROM letter l WHERE ${facetWhere} GROUP BY 1, 2`,
        facetParams,
      ) as Promise<{ definitionId: string; state: string; n: number }[]>,
    ]);
    const labels = new Map<string, { name: string; states: Record<string, { label?: string } | undefined> }>();
    for (const id of new Set([...rows.map((r: { definitionId: string }) => r.definitionId), ...stateRows.map((r) => r.definitionId)])) {
      const d = (await this.registry.definition(id)).workflow.definition;
      labels.set(id, { name: d.name, states: d.states });
    }
    const stateLabel = (definitionId: string, state: string) => labels.get(definitionId)?.states[state]?.label ?? state;
    const items: LetterListItemDto[] = rows.map(({ definitionId, ...r }: LetterListItemDto & { definitionId: string }) => ({
      ...r,
      typeLabel: labels.get(definitionId)?.name ?? r.type,
      stateLabel: stateLabel(definitionId, r.state),
    }));
    const states = new Map<string, LetterStateCountDto>();
    for (const r of stateRows) {
      const s = states.get(r.state) ?? { state: r.state, label: stateLabel(r.definitionId, r.state), count: 0 };
      s.count += r.n;
      states.set(r.state, s);
    }
    return { items, total, page: q.page, limit: q.limit, states: [...states.values()].sort((a, b) => a.label.localeCompare(b.label, 'id')) };
  }

  private drafterPosition(principal: PersonPrincipal, asPositionId?: string): string {
    if (asPositionId) {
      if (!actingPositionIds(principal).includes(asPositionId)) {
        throw LetterError.unprocessable(LetterErrorCode.NOT_YOUR_POSITION, 'You neither hold nor stand in for that position');
      }
      return asPositionId;
    }
    const first = principal.positions[0]?.positionId;
    if (!first) throw LetterError.unprocessable(LetterErrorCode.NO_POSITION, 'You hold no position to draft a letter as');
    return first;
  }

  /** Every position a draft names: its route and its addressees, once each. */
  private namedPositions(dto: Partial<CreateLetterDto>): string[] {
    const routeIds = [...(dto.reviewers ?? []), ...(dto.signers ?? [])].flatMap((s) => s.positionIds);
    return [...new Set([...routeIds, ...(dto.recipientPositionIds ?? []), ...(dto.tembusanPositionIds ?? [])])];
  }

  /** A revision's positions, checked as the creating statement checks a new letter's. */
  private async checkPositions(tx: EntityManager, dto: Partial<CreateLetterDto>): Promise<void> {
    const all = this.namedPositions(dto);
    if (all.length === 0) return;
    const signers = (dto.signers ?? []).flatMap((s) => s.positionIds);
    const found: { id: string; can_sign: boolean; name: string }[] = await tx.query('SELECT id, can_sign, name FROM position WHERE id = ANY($1::uuid[])', [all]);
    const byId = new Map(found.map((f) => [f.id, f]));
    this.refuse({
      missingPositionIds: all.filter((id) => !byId.has(id)),
      unableSigners: signers.flatMap((id) => (byId.get(id) && !byId.get(id)!.can_sign ? [{ id, name: byId.get(id)!.name }] : [])),
    });
  }

  /** Unknown positions, or signer positions that may not sign, as the letters' errors; returns when there are none. */
  private refuse(refusal: CreateRefusal): void {
    if (refusal.missingPositionIds.length > 0) {
      throw LetterError.unprocessable(LetterErrorCode.POSITION_NOT_FOUND, 'Unknown position(s)', { positionIds: refusal.missingPositionIds });
    }
    const cannot = refusal.unableSigners;
    if (cannot.length > 0) {
      throw LetterError.unprocessable(LetterErrorCode.SIGNER_NOT_ALLOWED, `Not a signing position: ${cannot.map((c) => c.name).join(', ')}`, {
        positionIds: cannot.map((c) => c.id),
      });
    }
  }

  /** eventDetails and closing only on a type that prints them: 400 naming the field, as the validation pipe would. */
  private checkEventDetails(type: string, body: Partial<CreateLetterDto['body']> | undefined): void {
    if (EVENT_DETAIL_TYPES.has(type)) return;
    const fields = (['eventDetails', 'closing'] as const).filter((field) => body?.[field] !== undefined);
    if (fields.length > 0) {
      throw CommonError.validation(`${fields.map((f) => `body.${f}`).join(', ')}: only a surat undangan prints them`, fields.map((f) => ({ field: `body.${f}`, errors: [`not printed on a ${type}`] })));
    }
  }

  /** A letter's kode klasifikasi must be one of config/classification.yaml (it drives numbering, filing and retention). */
  private checkClassification(code: string | null | undefined): void {
    if (code && !this.classifications.get(code)) {
      throw LetterError.unprocessable(LetterErrorCode.CLASSIFICATION_NOT_FOUND, `Unknown classification code ${code}`, { classificationCode: code });
    }
  }

  private bodyOf(dto: Partial<CreateLetterDto>): Record<string, unknown> {
    const body: Record<string, unknown> = { paragraphs: dto.body?.paragraphs ?? [], lampiran: dto.body?.lampiran ?? null, externalRecipients: dto.externalRecipients ?? [] };
    // Stored as given (only the fields a row has), so a revision that omits them keeps the old ones.
    if (dto.body?.eventDetails) body.eventDetails = dto.body.eventDetails.map((d) => ({ label: d.label, value: d.value }));
    if (dto.body?.closing) body.closing = [...dto.body.closing];
    if (dto.signatureMark) body.signatureMark = this.markOf(dto.signatureMark);
    return body;
  }

  private markOf(mark: SignatureMarkDto | StoredSignatureMark): StoredSignatureMark {
    return { kind: mark.kind, onBehalfOfPositionId: mark.onBehalfOfPositionId, ...(mark.kind === 'ub' ? { viaPositionId: mark.viaPositionId } : {}) };
  }

  /**
   * a.n./u.b. is allowed only for SIGNATURE_MARK_TYPES; the on-behalf position must be a superior
   * (direct or indirect, along position.superior_id) of the first signer's position, and for u.b.
   * the via position must lie strictly between the two. SIGNATURE_MARK_INVALID (422) otherwise.
   */
  private async checkSignatureMark(tx: EntityManager, type: string, signerPositionId: string | undefined, mark: SignatureMarkDto | StoredSignatureMark): Promise<void> {
    const invalid = (message: string) => LetterError.unprocessable(LetterErrorCode.SIGNATURE_MARK_INVALID, message, { signatureMark: mark });
    if (!SIGNATURE_MARK_TYPES.has(type)) throw invalid(`A ${type} letter cannot be signed a.n./u.b.`);
    if (!signerPositionId) throw invalid('a.n./u.b. needs a signer');
    if (mark.kind === 'ub' && !mark.viaPositionId) throw invalid('u.b. needs viaPositionId: the a.n. position between the signer and the superior');
    if (mark.kind === 'an' && mark.viaPositionId) throw invalid('viaPositionId is only for u.b.');
    // The signer's superiors, nearest first (bounded, in case the data holds a cycle).
    const chain: { id: string }[] = await tx.query(
      `WITH RECURSIVE up(id, superior_id, depth) AS (
         SELECT p.id, p.superior_id, 0 FROM position p WHERE p.id = $1
         UNION ALL
         SELECT p.id, p.superior_id, up.depth + 1 FROM position p JOIN up ON p.id = up.superior_id WHERE up.depth < 50
       ) SELECT id FROM up WHERE depth > 0 ORDER BY depth`,
      [signerPositionId],
    );
    const ids = chain.map((c) => c.id);
    const superiorAt = ids.indexOf(mark.onBehalfOfPositionId);
    if (superiorAt < 0) throw invalid("The on-behalf position is not a superior of the first signer's position");
    if (mark.kind === 'ub') {
      const viaAt = ids.indexOf(mark.viaPositionId!);
      if (viaAt < 0 || viaAt >= superiorAt) throw invalid('The via position must lie between the signer and the on-behalf position');
    }
  }

  private async replaceAddressees(tx: EntityManager, letterId: string, recipients?: string[], tembusan?: string[]): Promise<void> {
    if (recipients) {
      await tx.query(`DELETE FROM letter_participant WHERE letter_id = $1 AND role = 'recipient'`, [letterId]);
      await this.insertRole(tx, letterId, recipients, 'recipient');
    }
    if (tembusan) {
      await tx.query(`DELETE FROM letter_participant WHERE letter_id = $1 AND role = 'tembusan'`, [letterId]);
      await this.insertRole(tx, letterId, tembusan, 'tembusan');
    }
  }

  private async replaceRouteParticipants(tx: EntityManager, letterId: string, snapshot: LetterEntity['snapshot']): Promise<void> {
    await tx.query(`DELETE FROM letter_participant WHERE letter_id = $1 AND role IN ('reviewer', 'signer')`, [letterId]);
    await this.insertRole(tx, letterId, snapshot.routes.reviewers.steps.flatMap((s) => s.positionIds), 'reviewer');
    await this.insertRole(tx, letterId, snapshot.routes.signers.steps.flatMap((s) => s.positionIds), 'signer');
  }

  /** Each position with its place in the list given (ordinal, 1-based): recipients and tembusan print in that order. */
  private async insertRole(tx: EntityManager, letterId: string, positionIds: string[], role: string): Promise<void> {
    if (positionIds.length === 0) return;
    await tx.query(
      `INSERT INTO letter_participant (letter_id, position_id, role, ordinal)
       SELECT $1, t.id, $3, t.n FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, n) ON CONFLICT DO NOTHING`,
      [letterId, positionIds, role],
    );
  }

  private async saveVersion(tx: EntityManager, letterId: string, personId: string): Promise<void> {
    await tx.query(
      `INSERT INTO letter_version (letter_id, number, content, created_by_person_id)
       SELECT l.id, COALESCE((SELECT max(number) FROM letter_version WHERE letter_id = l.id), 0) + 1,
              jsonb_build_object('subject', l.subject, 'sifat', l.sifat, 'urgency', l.urgency, 'classificationCode', l.classification_code,
                                 'body', l.body, 'routePlans', l.route_plans,
                                 'participants', (SELECT coalesce(jsonb_agg(jsonb_build_object('positionId', p.position_id, 'role', p.role) ORDER BY p.role, p.ordinal, p.position_id), '[]') FROM letter_participant p WHERE p.letter_id = l.id)),
              $2
         FROM letter l WHERE l.id = $1`,
      [letterId, personId],
    );
  }

  private staleVersion() {
    return CommonError.conflict(CommonErrorCode.VERSION_CONFLICT, 'The letter changed since you loaded it; reload it and try again');
  }
}
