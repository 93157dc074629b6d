import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPerson } from '../../auth/auth.decorators';
import { PersonPrincipal } from '../../auth/principal';
import { LegalHoldService } from '../retention/legal-hold.service';
import { BerkasService } from './berkas.service';
import { AddBerkasItemsDto, BerkasListQuery, CloseBerkasDto, CreateBerkasDto, LegalHoldInputDto, MoveToInactiveDto, UpdateBerkasDto } from './dto/berkas-input.dto';
import { BerkasDetailDto, BerkasPageDto } from './dto/berkas.dto';

/** Pemberkasan: archivists (every unit) and the unit's TU keep berkas; the service checks each one. */
@ApiTags('archive')
@ApiBearerAuth()
@Controller('api/v1/archive/berkas')
export class BerkasController {
  constructor(
    private readonly berkas: BerkasService,
    private readonly holds: LegalHoldService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a berkas (case file) under a classification code, optionally filing letters at once' })
  create(@Body() dto: CreateBerkasDto, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.berkas.create(dto, person);
  }

  @Get()
  @ApiOperation({ summary: 'List the berkas the caller keeps' })
  list(@Query() q: BerkasListQuery, @CurrentPerson() person: PersonPrincipal): Promise<BerkasPageDto> {
    return this.berkas.list(q, person);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A berkas with its letters and legal holds' })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.berkas.get(id, person);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a berkas: uraian, period, location, tingkat perkembangan, the day its trigger happened' })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateBerkasDto, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.berkas.update(id, dto, person);
  }

  @Post(':id/items')
  @HttpCode(200)
  @ApiOperation({ summary: 'File letters in an open berkas, all or none' })
  addItems(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AddBerkasItemsDto, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.berkas.addItems(id, dto, person);
  }

  @Delete(':id/items/:letterId')
  @ApiOperation({ summary: 'Take a letter out of an open berkas' })
  removeItem(@Param('id', ParseUUIDPipe) id: string, @Param('letterId', ParseUUIDPipe) letterId: string, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.berkas.removeItem(id, letterId, person);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a berkas: no more letters, and its retention clock starts per its trigger' })
  close(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CloseBerkasDto, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.berkas.close(id, dto, person);
  }

  @Post(':id/inactive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a closed berkas whose active retention is over to inactive (archivist)' })
  inactive(@Param('id', ParseUUIDPipe) id: string, @Body() dto: MoveToInactiveDto, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.berkas.moveToInactive(id, dto, person);
  }

  @Post(':id/legal-hold')
  @HttpCode(200)
  @ApiOperation({ summary: 'Place a legal hold on a berkas, blocking retention moves and disposal (archivist)' })
  hold(@Param('id', ParseUUIDPipe) id: string, @Body() dto: LegalHoldInputDto, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.holds.place(id, dto, person);
  }

  @Post(':id/legal-hold/lift')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift the legal hold of a berkas, with a reason (archivist)' })
  lift(@Param('id', ParseUUIDPipe) id: string, @Body() dto: LegalHoldInputDto, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.holds.lift(id, dto, person);
  }
}
