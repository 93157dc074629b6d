import { Body, Controller, Delete, Get, HttpCode, Param, ParseBoolPipe, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentAbility, CurrentPerson } from '../auth/auth.decorators';
import { PersonPrincipal } from '../auth/principal';
import type { AppAbility } from '../authz/ability.factory';
import { Can } from '../authz/policy.decorator';
import { DelegationEntity } from './delegation.entity';
import { CreateDelegationDto } from './dto/delegation.dto';
import { CreatePersonDto, ListPeopleQuery, UpdatePersonDto } from './dto/person.dto';
import { AssignHolderDto, CreatePositionDto, UpdatePositionDto } from './dto/position.dto';
import { CreateUnitDto, UpdateUnitDto } from './dto/unit.dto';
import { OrganizationService, PersonView, PositionView } from './organization.service';
import { PositionEntity } from './position.entity';
import { UnitEntity } from './unit.entity';

/** Units, positions, people and delegations. Everyone reads; admins manage. */
@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/v1')
export class OrganizationController {
  constructor(private readonly org: OrganizationService) {}

  @Can('read', 'Unit')
  @Get('units')
  listUnits(): Promise<UnitEntity[]> {
    return this.org.listUnits();
  }

  @Can('read', 'Unit')
  @Get('units/:id')
  getUnit(@Param('id', ParseUUIDPipe) id: string): Promise<UnitEntity> {
    return this.org.getUnit(id);
  }

  @Can('create', 'Unit')
  @Post('units')
  createUnit(@Body() dto: CreateUnitDto): Promise<UnitEntity> {
    return this.org.createUnit(dto);
  }

  @Can('update', 'Unit')
  @Patch('units/:id')
  updateUnit(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUnitDto): Promise<UnitEntity> {
    return this.org.updateUnit(id, dto);
  }

  @Can('read', 'Position')
  @Get('positions')
  listPositions(@Query('unitId', new ParseUUIDPipe({ optional: true })) unitId?: string): Promise<PositionView[]> {
    return this.org.listPositions(unitId);
  }

  @Can('read', 'Position')
  @Get('positions/:id')
  getPosition(@Param('id', ParseUUIDPipe) id: string): Promise<PositionView> {
    return this.org.getPosition(id);
  }

  @Can('create', 'Position')
  @Post('positions')
  createPosition(@Body() dto: CreatePositionDto): Promise<PositionEntity> {
    return this.org.createPosition(dto);
  }

  @Can('update', 'Position')
  @Patch('positions/:id')
  updatePosition(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdatePositionDto): Promise<PositionEntity> {
    return this.org.updatePosition(id, dto);
  }

  /** Puts a person in a position (definitive holder). */
  @Can('update', 'Position')
  @Post('positions/:id/holders')
  assignHolder(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AssignHolderDto, @CurrentPerson() actor: PersonPrincipal): Promise<PositionView> {
    return this.org.assignHolder(id, dto.personId, actor, dto.startedOn);
  }

  @Can('update', 'Position')
  @Delete('positions/:id/holders/:personId')
  @HttpCode(204)
  endHolder(@Param('id', ParseUUIDPipe) id: string, @Param('personId', ParseUUIDPipe) personId: string): Promise<void> {
    return this.org.endHolder(id, personId);
  }

  @Can('read', 'Person')
  @Get('people')
  listPeople(@Query() query: ListPeopleQuery, @CurrentAbility() ability: AppAbility) {
    return this.org.listPeople(query, ability);
  }

  @Can('read', 'Person')
  @Get('people/:id')
  getPerson(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility): Promise<PersonView> {
    return this.org.getPerson(id, ability);
  }

  @Can('create', 'Person')
  @Post('people')
  createPerson(@Body() dto: CreatePersonDto, @CurrentAbility() ability: AppAbility): Promise<PersonView> {
    return this.org.createPerson(dto, ability);
  }

  @Can('update', 'Person')
  @Patch('people/:id')
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
  createDelegation(@Body() dto: CreateDelegationDto, @CurrentPerson() actor: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<DelegationEntity> {
    return this.org.createDelegation(dto, actor, ability);
  }

  @Can('revoke', 'Delegation')
  @Delete('delegations/:id')
  revokeDelegation(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility): Promise<DelegationEntity> {
    return this.org.revokeDelegation(id, ability);
  }
}
