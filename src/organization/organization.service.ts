import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { AuditAction, AuditService, fieldsOf } from '../audit/audit.service';
import { hashPassword } from '../auth/passwords';
import { PrincipalService } from '../auth/principal.service';
import { PersonPrincipal } from '../records/principal';
import { AppAbility, assertCan, subject } from '../authz/ability.factory';
import { DelegationGrant, delegationNotice, refuseSelfAppointment } from './delegation-grant';
import { DelegationEntity, DelegationKind } from '../records/delegation.entity';
import { CreateDelegationDto } from './dto/delegation.dto';
import { CreatePersonDto, ListPeopleQuery, UpdatePersonDto } from './dto/person.dto';
import { CreatePositionDto, UpdatePositionDto } from './dto/position.dto';
import { CreateUnitDto, UpdateUnitDto } from './dto/unit.dto';
import { OrganizationError, OrganizationErrorCode } from './organization.errors';
import { PersonEntity } from '../records/person.entity';
import { PositionAssignmentEntity } from '../records/position-assignment.entity';
import { PositionEntity } from '../records/position.entity';
import { UnitEntity } from '../records/unit.entity';

export interface PersonView {
  id: string;
  username: string;
  name: string;
  nip: string | null;
  /** Pangkat/golongan. */
  rank: string | null;
  /** Only for admins and the person themself. */
  nik?: string | null;
  email: string | null;
  roles: string[];
  active: boolean;
}

export interface PositionView extends PositionEntity {
  holders: { personId: string; name: string; nip: string | null; startedOn: string }[];
}

function keepLogo(dto: UpdateUnitDto, unit: UnitEntity): UpdateUnitDto {
  const logoObjectId = unit.letterhead?.logoObjectId;
  return dto.letterhead && logoObjectId ? { ...dto, letterhead: { ...dto.letterhead, logoObjectId } as UpdateUnitDto['letterhead'] } : dto;
}

const today = () => new Date().toISOString().slice(0, 10);

@Injectable()
export class OrganizationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(UnitEntity) private readonly units: Repository<UnitEntity>,
    @InjectRepository(PositionEntity) private readonly positions: Repository<PositionEntity>,
    @InjectRepository(PersonEntity) private readonly people: Repository<PersonEntity>,
    @InjectRepository(PositionAssignmentEntity) private readonly assignments: Repository<PositionAssignmentEntity>,
    @InjectRepository(DelegationEntity) private readonly delegations: Repository<DelegationEntity>,
    private readonly principals: PrincipalService,
    private readonly audit: AuditService,
  ) {}

  // Units

  listUnits(): Promise<UnitEntity[]> {
    return this.units.find({ order: { name: 'ASC' } });
  }

  async getUnit(id: string): Promise<UnitEntity> {
    const unit = await this.units.findOneBy({ id });
    if (!unit) throw OrganizationError.notFound('Unit', id);
    return unit;
  }

  async createUnit(dto: CreateUnitDto): Promise<UnitEntity> {
    if (dto.parentId) await this.requireUnit(dto.parentId);
    await this.refuseDuplicate(this.units, 'code', dto.code, OrganizationErrorCode.DUPLICATE_CODE);
    const unit = this.units.create({ ...dto, parentId: dto.parentId ?? null, letterhead: dto.letterhead ?? null });
    return this.audit.within(
      (tx) => tx.save(unit),
      (saved) => ({ action: AuditAction.UnitCreate, object: { type: 'unit', id: saved.id }, details: { code: saved.code } }),
    );
  }

  async updateUnit(id: string, dto: UpdateUnitDto): Promise<UnitEntity> {
    const unit = await this.getUnit(id);
    if (dto.parentId) {
      await this.requireUnit(dto.parentId);
      await this.refuseCycle('unit', 'parent_id', id, dto.parentId);
    }
    if (dto.code && dto.code !== unit.code) await this.refuseDuplicate(this.units, 'code', dto.code, OrganizationErrorCode.DUPLICATE_CODE);
    return this.audit.within(
      // A new letterhead keeps the uploaded logo: the logo has its own endpoint.
      (tx) => tx.save(this.units.merge(unit, keepLogo(dto, unit) as Partial<UnitEntity>)),
      () => ({ action: AuditAction.UnitUpdate, object: { type: 'unit', id }, details: { fields: fieldsOf(dto) } }),
    );
  }

  // Positions

  async listPositions(unitId?: string): Promise<PositionView[]> {
    const positions = await this.positions.find({ where: unitId ? { unitId } : {}, order: { name: 'ASC' } });
    return this.withHolders(positions);
  }

  async getPosition(id: string): Promise<PositionView> {
    const position = await this.positions.findOneBy({ id });
    if (!position) throw OrganizationError.notFound('Position', id);
    return (await this.withHolders([position]))[0];
  }

  async createPosition(dto: CreatePositionDto): Promise<PositionEntity> {
    await this.requireUnit(dto.unitId);
    if (dto.superiorId) await this.requirePosition(dto.superiorId);
    await this.refuseDuplicate(this.positions, 'code', dto.code, OrganizationErrorCode.DUPLICATE_CODE);
    const position = this.positions.create({ ...dto, superiorId: dto.superiorId ?? null });
    return this.audit.within(
      (tx) => tx.save(position),
      (saved) => ({ action: AuditAction.PositionCreate, object: { type: 'position', id: saved.id }, details: { code: saved.code, unitId: saved.unitId } }),
    );
  }

  async updatePosition(id: string, dto: UpdatePositionDto): Promise<PositionEntity> {
    const position = await this.positions.findOneBy({ id });
    if (!position) throw OrganizationError.notFound('Position', id);
    if (dto.unitId) await this.requireUnit(dto.unitId);
    if (dto.superiorId) {
      await this.requirePosition(dto.superiorId);
      await this.refuseCycle('position', 'superior_id', id, dto.superiorId);
    }
    if (dto.code && dto.code !== position.code) {
      await this.refuseDuplicate(this.positions, 'code', dto.code, OrganizationErrorCode.DUPLICATE_CODE);
    }
    const saved = await this.audit.within(
      (tx) => tx.save(this.positions.merge(position, dto as Partial<PositionEntity>)),
      () => ({ action: AuditAction.PositionUpdate, object: { type: 'position', id }, details: { fields: fieldsOf(dto) } }),
    );
    this.principals.invalidate();
    return saved;
  }

  async assignHolder(positionId: string, personId: string, actor: PersonPrincipal, startedOn = today()): Promise<PositionView> {
    refuseSelfAppointment(actor, personId);
    await this.requirePosition(positionId);
    await this.requirePerson(personId);
    const current = await this.assignments.findOneBy({ positionId, personId, endedOn: IsNull() });
    if (current) {
      throw OrganizationError.conflict(OrganizationErrorCode.ALREADY_HOLDS_POSITION, 'The person already holds this position', { positionId, personId });
    }
    const assignment = this.assignments.create({ positionId, personId, startedOn, endedOn: null });
    await this.audit.within(
      (tx) => tx.save(assignment),
      () => ({ action: AuditAction.PositionHolderAssign, object: { type: 'person', id: personId }, details: { positionId, startedOn } }),
    );
    this.principals.invalidate(personId);
    return this.getPosition(positionId);
  }

  /** Ends the holding as of yesterday, so from today the person no longer acts for the position. */
  async endHolder(positionId: string, personId: string): Promise<void> {
    const current = await this.assignments.findOneBy({ positionId, personId, endedOn: IsNull() });
    if (!current) {
      throw OrganizationError.unprocessable(OrganizationErrorCode.NOT_HOLDING_POSITION, 'The person does not hold this position', { positionId, personId });
    }
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const endedOn = current.startedOn > yesterday ? current.startedOn : yesterday;
    await this.audit.within(
      (tx) => tx.update(PositionAssignmentEntity, current.id, { endedOn }),
      () => ({ action: AuditAction.PositionHolderEnd, object: { type: 'person', id: personId }, details: { positionId, endedOn } }),
    );
    this.principals.invalidate(personId);
  }

  // People

  async listPeople(query: ListPeopleQuery, ability: AppAbility): Promise<{ items: PersonView[]; total: number; page: number; limit: number }> {
    const page = query.page ?? 1;
    const limit = query.limit ?? 50;
    const qb = this.people.createQueryBuilder('p').orderBy('p.name', 'ASC').skip((page - 1) * limit).take(limit);
    if (query.q) {
      qb.where('(p.name ILIKE :q OR p.username ILIKE :q OR p.nip LIKE :q)', { q: `%${query.q.replace(/[%_\\]/g, '\\$&')}%` });
    }
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map((p) => this.personView(p, ability)), total, page, limit };
  }

  async getPerson(id: string, ability: AppAbility): Promise<PersonView> {
    const person = await this.people.findOneBy({ id });
    if (!person) throw OrganizationError.notFound('Person', id);
    return this.personView(person, ability);
  }

  async createPerson(dto: CreatePersonDto, ability: AppAbility): Promise<PersonView> {
    await this.refuseDuplicate(this.people, 'username', dto.username, OrganizationErrorCode.DUPLICATE_USERNAME);
    if (dto.nip) await this.refuseDuplicate(this.people, 'nip', dto.nip, OrganizationErrorCode.DUPLICATE_NIP);
    const { password, ...fields } = dto;
    const created = this.people.create({ ...fields, nip: dto.nip ?? null, rank: dto.rank ?? null, nik: dto.nik ?? null, email: dto.email ?? null, passwordHash: await hashPassword(password) });
    const person = await this.audit.within(
      (tx) => tx.save(created),
      (saved) => ({ action: AuditAction.PersonCreate, object: { type: 'person', id: saved.id }, details: { username: saved.username, roles: saved.roles } }),
    );
    return this.personView(person, ability);
  }

  async updatePerson(id: string, dto: UpdatePersonDto, actor: PersonPrincipal, ability: AppAbility): Promise<PersonView> {
    const person = await this.people.findOneBy({ id });
    if (!person) throw OrganizationError.notFound('Person', id);
    // An admin who made himself archivist would read the mail he only administers.
    if (dto.roles?.some((role) => !person.roles.includes(role))) refuseSelfAppointment(actor, id);
    if (dto.nip && dto.nip !== person.nip) await this.refuseDuplicate(this.people, 'nip', dto.nip, OrganizationErrorCode.DUPLICATE_NIP);
    const { password, ...fields } = dto;
    const changes: Partial<PersonEntity> = { ...fields } as Partial<PersonEntity>;
    // A new password or a deactivation ends every session of the person.
    if (password !== undefined) Object.assign(changes, { passwordHash: await hashPassword(password), demoPassword: false });
    if (password !== undefined || dto.active === false) changes.tokenVersion = person.tokenVersion + 1;
    // Which fields changed, never their values (a password, a NIK).
    await this.audit.within(
      (tx) => tx.update(PersonEntity, id, changes),
      () => ({
        action: AuditAction.PersonUpdate,
        object: { type: 'person', id },
        details: { fields: fieldsOf(dto), ...(dto.roles ? { roles: dto.roles } : {}), ...(dto.active !== undefined ? { active: dto.active } : {}) },
      }),
    );
    this.principals.invalidate(id);
    return this.getPerson(id, ability);
  }

  // Delegations (Plt/Plh)

  listDelegations(ability: AppAbility, activeOnly: boolean): Promise<DelegationEntity[]> {
    const qb = this.delegations.createQueryBuilder('d').orderBy('d.starts_at', 'DESC');
    if (activeOnly) qb.where('d.revoked_at IS NULL AND d.ends_at > now()');
    return qb.getMany().then((rows) => rows.filter((d) => ability.can('read', subject('Delegation', d))));
  }

  async createDelegation(dto: CreateDelegationDto, actor: PersonPrincipal, ability: AppAbility): Promise<DelegationEntity> {
    refuseSelfAppointment(actor, dto.personId);
    assertCan(ability, 'create', subject('Delegation', dto), 'You may only appoint a Plt/Plh for a position you hold');
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (!(endsAt > startsAt)) {
      throw OrganizationError.unprocessable(OrganizationErrorCode.DELEGATION_INVALID, 'endsAt must be after startsAt');
    }
    const delegate = await this.people.findOneBy({ id: dto.personId });
    if (!delegate) throw OrganizationError.missingReference('Person', dto.personId);
    const position = await this.positions.findOneBy({ id: dto.positionId });
    if (!position) throw OrganizationError.missingReference('Position', dto.positionId);
    const saved = await this.db.transaction(async (tx) => {
      // Serialises delegations of one position so two overlapping ones cannot both pass the check.
      await tx.query('SELECT id FROM position WHERE id = $1 FOR UPDATE', [dto.positionId]);
      await this.checkDelegation(tx, dto, startsAt, endsAt);
      const delegation = await tx.save(
        tx.create(DelegationEntity, { ...dto, startsAt, endsAt, reason: dto.reason ?? null, createdById: actor.personId, revokedAt: null }),
      );
      await this.recordDelegationCreated(tx, { delegation, position, delegate, actor });
      await this.audit.record(tx, {
        action: AuditAction.DelegationCreate,
        object: { type: 'delegation', id: delegation.id },
        details: { personId: dto.personId, positionId: dto.positionId, kind: dto.kind, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
      });
      return delegation;
    });
    this.principals.invalidate(dto.personId);
    return saved;
  }

  /**
   * What a new delegation leaves behind, in the delegation's transaction: it hands over an
   * official's powers, so the position (its holder) and the superior position hear of it at once.
   */
  private async recordDelegationCreated(tx: EntityManager, grant: DelegationGrant): Promise<void> {
    // The superior as of now, read under the position's lock.
    await tx.query(
      `INSERT INTO notification (position_id, kind, message)
       SELECT target, 'delegation_created', $2 FROM position p CROSS JOIN LATERAL unnest(ARRAY[p.id, p.superior_id]) AS target
        WHERE p.id = $1 AND target IS NOT NULL`,
      [grant.position.id, delegationNotice(grant)],
    );
  }

  async revokeDelegation(id: string, ability: AppAbility): Promise<DelegationEntity> {
    const delegation = await this.delegations.findOneBy({ id });
    if (!delegation || !ability.can('read', subject('Delegation', delegation))) throw OrganizationError.notFound('Delegation', id);
    assertCan(ability, 'revoke', subject('Delegation', delegation));
    if (!delegation.revokedAt) {
      delegation.revokedAt = new Date();
      await this.audit.within(
        (tx) => tx.save(delegation),
        () => ({ action: AuditAction.DelegationRevoke, object: { type: 'delegation', id }, details: { personId: delegation.personId, positionId: delegation.positionId } }),
      );
      this.principals.invalidate(delegation.personId);
    }
    return delegation;
  }

  private async checkDelegation(tx: EntityManager, dto: CreateDelegationDto, startsAt: Date, endsAt: Date): Promise<void> {
    const holders: { person_id: string }[] = await tx.query(
      `SELECT person_id FROM position_assignment
        WHERE position_id = $1 AND started_on <= $2::date AND (ended_on IS NULL OR ended_on >= $2::date)`,
      [dto.positionId, startsAt.toISOString()],
    );
    if (holders.some((h) => h.person_id === dto.personId)) {
      throw OrganizationError.unprocessable(OrganizationErrorCode.DELEGATION_INVALID, 'A person cannot be Plt/Plh of a position they hold');
    }
    if (dto.kind === DelegationKind.Plh && holders.length === 0) {
      throw OrganizationError.unprocessable(OrganizationErrorCode.DELEGATION_INVALID, 'A Plh stands in for a holder who is away; the position is vacant, appoint a Plt');
    }
    if (dto.kind === DelegationKind.Plt && holders.length > 0) {
      throw OrganizationError.unprocessable(OrganizationErrorCode.DELEGATION_INVALID, 'A Plt fills a vacant position; the position has a holder, appoint a Plh');
    }
    const overlapping = await tx.query(
      `SELECT id FROM delegation WHERE position_id = $1 AND revoked_at IS NULL AND starts_at < $3 AND ends_at > $2 LIMIT 1`,
      [dto.positionId, startsAt, endsAt],
    );
    if (overlapping.length > 0) {
      throw OrganizationError.conflict(OrganizationErrorCode.DELEGATION_OVERLAP, 'Another Plt/Plh covers this position in that period', { delegationId: overlapping[0].id });
    }
  }

  // Helpers

  private personView(p: PersonEntity, ability: AppAbility): PersonView {
    const view: PersonView = { id: p.id, username: p.username, name: p.name, nip: p.nip, rank: p.rank, email: p.email, roles: p.roles, active: p.active };
    if (ability.can('read', subject('PersonPrivate', { id: p.id }))) view.nik = p.nik;
    return view;
  }

  private async withHolders(positions: PositionEntity[]): Promise<PositionView[]> {
    if (positions.length === 0) return [];
    const rows: { position_id: string; person_id: string; name: string; nip: string | null; started_on: string }[] = await this.db.query(
      `SELECT a.position_id, a.person_id, p.name, p.nip, to_char(a.started_on, 'YYYY-MM-DD') AS started_on
         FROM position_assignment a JOIN person p ON p.id = a.person_id
        WHERE a.position_id = ANY($1) AND a.started_on <= CURRENT_DATE AND (a.ended_on IS NULL OR a.ended_on >= CURRENT_DATE)`,
      [positions.map((p) => p.id)],
    );
    return positions.map((position) => ({
      ...position,
      holders: rows
        .filter((r) => r.position_id === position.id)
        .map((r) => ({ personId: r.person_id, name: r.name, nip: r.nip, startedOn: r.started_on })),
    }));
  }

  private async requireUnit(id: string): Promise<void> {
    if (!(await this.units.existsBy({ id }))) throw OrganizationError.missingReference('Unit', id);
  }

  private async requirePosition(id: string): Promise<void> {
    if (!(await this.positions.existsBy({ id }))) throw OrganizationError.missingReference('Position', id);
  }

  private async requirePerson(id: string): Promise<void> {
    if (!(await this.people.existsBy({ id }))) throw OrganizationError.missingReference('Person', id);
  }

  private async refuseDuplicate<T extends object>(repo: Repository<T>, field: string, value: string, code: OrganizationErrorCode): Promise<void> {
    if (await repo.existsBy({ [field]: value } as never)) {
      throw OrganizationError.conflict(code, `${field} ${value} is already used`, { [field]: value });
    }
  }

  /** Refuses a new parent that is the record itself or one of its descendants. */
  private async refuseCycle(table: 'unit' | 'position', parentColumn: string, id: string, newParentId: string): Promise<void> {
    const rows = await this.db.query(
      `WITH RECURSIVE up(id, parent) AS (
         SELECT id, ${parentColumn} FROM ${table} WHERE id = $1
         UNION SELECT t.id, t.${parentColumn} FROM ${table} t JOIN up ON t.id = up.parent
       ) SELECT 1 FROM up WHERE id = $2 LIMIT 1`,
      [newParentId, id],
    );
    if (rows.length > 0) {
      throw OrganizationError.unprocessable(OrganizationErrorCode.HIERARCHY_CYCLE, 'The new parent lies below this record in the hierarchy');
    }
  }
}
