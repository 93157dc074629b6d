import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseBoolPipe, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentAbility, CurrentPerson } from '../auth/auth.decorators';
import { PersonPrincipal } from '../records/principal';
import type { AppAbility } from '../authz/ability.factory';
import { Can } from '../authz/policy.decorator';
import { DelegationEntity } from '../records/delegation.entity';
import { CreateDelegationDto } from './dto/delegation.dto';
import { CreatePersonDto, ListPeopleQuery, UpdatePersonDto } from './dto/person.dto';
import { AssignHolderDto, CreatePositionDto, UpdatePositionDto } from './dto/position.dto';
import { CreateUnitDto, UpdateUnitDto } from './dto/unit.dto';
import { OrganizationService, PersonView, PositionView } from './organization.service';
import { PositionEntity } from '../records/position.entity';
import { UnitEntity } from '../records/unit.entity';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { OrganizationErrorCode } from './organization.errors';

/** Units, positions, people and delegations. Everyone reads; admins manage. */
@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/v1')
export class OrganizationController {
  constructor(private readonly org: OrganizationService) {}

  /** Every unit (perangkat daerah and the units below them). */
  @Can('read', 'Unit')
  @Get('units')
  listUnits(): Promise<UnitEntity[]> {
    return this.org.listUnits();
  }

  /** One unit. */
  @Can('read', 'Unit')
  @Get('units/:id')
  @ApiErrors(HttpStatus.NOT_FOUND, OrganizationErrorCode.UNIT_NOT_FOUND)
  getUnit(@Param('id', ParseUUIDPipe) id: string): Promise<UnitEntity> {
    return this.org.getUnit(id);
  }

  /** Creates a unit. */
  @Can('create', 'Unit')
  @Post('units')
  @ApiErrors(HttpStatus.CONFLICT, OrganizationErrorCode.DUPLICATE_CODE)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, OrganizationErrorCode.UNIT_NOT_FOUND)
  createUnit(@Body() dto: CreateUnitDto): Promise<UnitEntity> {
    return this.org.createUnit(dto);
  }

  /** Changes a unit's name, code, parent or letterhead. */
  @Can('update', 'Unit')
  @Patch('units/:id')
  @ApiErrors(HttpStatus.NOT_FOUND, OrganizationErrorCode.UNIT_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, OrganizationErrorCode.DUPLICATE_CODE)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, OrganizationErrorCode.UNIT_NOT_FOUND, OrganizationErrorCode.HIERARCHY_CYCLE)
  updateUnit(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUnitDto): Promise<UnitEntity> {
    return this.org.updateUnit(id, dto);
  }

  /** Positions (jabatan) with their holders; `unitId` keeps those of one unit. */
  @Can('read', 'Position')
  @Get('positions')
  listPositions(@Query('unitId', new ParseUUIDPipe({ optional: true })) unitId?: string): Promise<PositionView[]> {
    return this.org.listPositions(unitId);
  }

  /** One position with its holders. */
  @Can('read', 'Position')
  @Get('positions/:id')
  @ApiErrors(HttpStatus.NOT_FOUND, OrganizationErrorCode.POSITION_NOT_FOUND)
  getPosition(@Param('id', ParseUUIDPipe) id: string): Promise<PositionView> {
    return this.org.getPosition(id);
  }

  /** Creates a position. */
  @Can('create', 'Position')
  @Post('positions')
  @ApiErrors(HttpStatus.CONFLICT, OrganizationErrorCode.DUPLICATE_CODE)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, OrganizationErrorCode.UNIT_NOT_FOUND, OrganizationErrorCode.POSITION_NOT_FOUND)
  createPosition(@Body() dto: CreatePositionDto): Promise<PositionEntity> {
    return this.org.createPosition(dto);
  }

  /** Changes a position. */
  @Can('update', 'Position')
  @Patch('positions/:id')
  @ApiErrors(HttpStatus.NOT_FOUND, OrganizationErrorCode.POSITION_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, OrganizationErrorCode.DUPLICATE_CODE)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, OrganizationErrorCode.UNIT_NOT_FOUND, OrganizationErrorCode.POSITION_NOT_FOUND, OrganizationErrorCode.HIERARCHY_CYCLE)
  updatePosition(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdatePositionDto): Promise<PositionEntity> {
    return this.org.updatePosition(id, dto);
  }

  /** Puts a person in a position (definitive holder). */
  @Can('update', 'Position')
  @Post('positions/:id/holders')
  @ApiErrors(HttpStatus.FORBIDDEN, OrganizationErrorCode.SELF_APPOINTMENT)
  @ApiErrors(HttpStatus.CONFLICT, OrganizationErrorCode.ALREADY_HOLDS_POSITION)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, OrganizationErrorCode.POSITION_NOT_FOUND, OrganizationErrorCode.PERSON_NOT_FOUND)
  assignHolder(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AssignHolderDto, @CurrentPerson() actor: PersonPrincipal): Promise<PositionView> {
    return this.org.assignHolder(id, dto.personId, actor, dto.startedOn);
  }

  /** Ends a person's holding of a position. */
  @Can('update', 'Position')
  @Delete('positions/:id/holders/:personId')
  @HttpCode(204)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, OrganizationErrorCode.NOT_HOLDING_POSITION)
  endHolder(@Param('id', ParseUUIDPipe) id: string, @Param('personId', ParseUUIDPipe) personId: string): Promise<void> {
    return this.org.endHolder(id, personId);
  }

  /** People, paged. */
  @Can('read', 'Person')
  @Get('people')
  listPeople(@Query() query: ListPeopleQuery, @CurrentAbility() ability: AppAbility) {
    return this.org.listPeople(query, ability);
  }

  /** One person. */
  @Can('read', 'Person')
  @Get('people/:id')
  @ApiErrors(HttpStatus.NOT_FOUND, OrganizationErrorCode.PERSON_NOT_FOUND)
  getPerson(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility): Promise<PersonView> {
    return this.org.getPerson(id, ability);
  }

  /** Creates a person (an account). */
  @Can('create', 'Person')
  @Post('people')
  @ApiErrors(HttpStatus.CONFLICT, OrganizationErrorCode.DUPLICATE_USERNAME, OrganizationErrorCode.DUPLICATE_NIP)
  createPerson(@Body() dto: CreatePersonDto, @CurrentAbility() ability: AppAbility): Promise<PersonView> {
    return this.org.createPerson(dto, ability);
  }

  /** Changes a person's details, roles or active flag. */
  @Can('update', 'Person')
  @Patch('people/:id')
  @ApiErrors(HttpStatus.NOT_FOUND, OrganizationErrorCode.PERSON_NOT_FOUND)
  @ApiErrors(HttpStatus.FORBIDDEN, OrganizationErrorCode.SELF_APPOINTMENT)
  @ApiErrors(HttpStatus.CONFLICT, OrganizationErrorCode.DUPLICATE_NIP)
  updatePerson(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdatePersonDto,
    @CurrentPerson() actor: PersonPrincipal,
    @CurrentAbility() ability: AppAbility,
  ): Promise<PersonView> {
    return this.org.updatePerson(id, dto, actor, ability);
  }

  /** Delegations the caller may see; `active=true` keeps those not ended or revoked. */
  @Can('read', 'Delegation')
  @Get('delegations')
  listDelegations(
    @CurrentAbility() ability: AppAbility,
    @Query('active', new ParseBoolPipe({ optional: true })) active?: boolean,
  ): Promise<DelegationEntity[]> {
    return this.org.listDelegations(ability, active ?? false);
  }

  /** Appoints a Plt or Plh: admins for any position, officials for a position they hold. */
  @Can('create', 'Delegation')
  @Post('delegations')
  @ApiErrors(HttpStatus.FORBIDDEN, OrganizationErrorCode.SELF_APPOINTMENT)
  @ApiErrors(HttpStatus.CONFLICT, OrganizationErrorCode.DELEGATION_OVERLAP)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, OrganizationErrorCode.DELEGATION_INVALID, OrganizationErrorCode.PERSON_NOT_FOUND, OrganizationErrorCode.POSITION_NOT_FOUND)
  createDelegation(@Body() dto: CreateDelegationDto, @CurrentPerson() actor: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<DelegationEntity> {
    return this.org.createDelegation(dto, actor, ability);
  }

  /** Revokes a Plt/Plh delegation. */
  @Can('revoke', 'Delegation')
  @Delete('delegations/:id')
  @ApiErrors(HttpStatus.NOT_FOUND, OrganizationErrorCode.DELEGATION_NOT_FOUND)
  revokeDelegation(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility): Promise<DelegationEntity> {
    return this.org.revokeDelegation(id, ability);
  }
}
