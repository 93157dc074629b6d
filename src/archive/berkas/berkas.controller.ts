import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPerson } from '../../auth/auth.decorators';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { ArchiveErrorCode } from '../archive.errors';
import { PersonPrincipal } from '../../records/principal';
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
  @ApiErrors(HttpStatus.BAD_REQUEST, ArchiveErrorCode.INVALID_PERIOD)
  @ApiErrors(HttpStatus.FORBIDDEN, ArchiveErrorCode.ARCHIVE_NOT_ALLOWED)
  @ApiErrors(HttpStatus.NOT_FOUND, ArchiveErrorCode.LETTER_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, ArchiveErrorCode.LETTER_ALREADY_FILED)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, ArchiveErrorCode.NO_POSITION, ArchiveErrorCode.CLASSIFICATION_NOT_FOUND, ArchiveErrorCode.UNIT_NOT_FOUND, ArchiveErrorCode.LETTER_NOT_FINAL)
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
  @ApiErrors(HttpStatus.NOT_FOUND, ArchiveErrorCode.BERKAS_NOT_FOUND)
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.berkas.get(id, person);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a berkas: uraian, period, location, tingkat perkembangan, the day its trigger happened' })
  @ApiErrors(HttpStatus.BAD_REQUEST, ArchiveErrorCode.INVALID_PERIOD)
  @ApiErrors(HttpStatus.NOT_FOUND, ArchiveErrorCode.BERKAS_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, ArchiveErrorCode.BERKAS_STATE_CONFLICT)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, ArchiveErrorCode.TRIGGER_DATE_NOT_APPLICABLE, ArchiveErrorCode.TRIGGER_DATE_IN_FUTURE)
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateBerkasDto, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.berkas.update(id, dto, person);
  }

  @Post(':id/items')
  @HttpCode(200)
  @ApiOperation({ summary: 'File letters in an open berkas, all or none' })
  @ApiErrors(HttpStatus.NOT_FOUND, ArchiveErrorCode.BERKAS_NOT_FOUND, ArchiveErrorCode.LETTER_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, ArchiveErrorCode.BERKAS_NOT_OPEN, ArchiveErrorCode.LETTER_ALREADY_FILED)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, ArchiveErrorCode.LETTER_NOT_FINAL)
  addItems(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AddBerkasItemsDto, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.berkas.addItems(id, dto, person);
  }

  @Delete(':id/items/:letterId')
  @ApiOperation({ summary: 'Take a letter out of an open berkas' })
  @ApiErrors(HttpStatus.NOT_FOUND, ArchiveErrorCode.BERKAS_NOT_FOUND, ArchiveErrorCode.LETTER_NOT_IN_BERKAS)
  @ApiErrors(HttpStatus.CONFLICT, ArchiveErrorCode.BERKAS_NOT_OPEN)
  removeItem(@Param('id', ParseUUIDPipe) id: string, @Param('letterId', ParseUUIDPipe) letterId: string, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.berkas.removeItem(id, letterId, person);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a berkas: no more letters, and its retention clock starts per its trigger' })
  @ApiErrors(HttpStatus.NOT_FOUND, ArchiveErrorCode.BERKAS_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, ArchiveErrorCode.BERKAS_NOT_OPEN)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, ArchiveErrorCode.BERKAS_EMPTY, ArchiveErrorCode.TRIGGER_DATE_NOT_APPLICABLE, ArchiveErrorCode.TRIGGER_DATE_IN_FUTURE)
  close(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CloseBerkasDto, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.berkas.close(id, dto, person);
  }

  @Post(':id/inactive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a closed berkas whose active retention is over to inactive (archivist)' })
  @ApiErrors(HttpStatus.FORBIDDEN, ArchiveErrorCode.ARCHIVIST_ONLY)
  @ApiErrors(HttpStatus.NOT_FOUND, ArchiveErrorCode.BERKAS_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, ArchiveErrorCode.LEGAL_HOLD, ArchiveErrorCode.BERKAS_STATE_CONFLICT)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, ArchiveErrorCode.RETENTION_NOT_DUE)
  inactive(@Param('id', ParseUUIDPipe) id: string, @Body() dto: MoveToInactiveDto, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.berkas.moveToInactive(id, dto, person);
  }

  @Post(':id/legal-hold')
  @HttpCode(200)
  @ApiOperation({ summary: 'Place a legal hold on a berkas, blocking retention moves and disposal (archivist)' })
  @ApiErrors(HttpStatus.FORBIDDEN, ArchiveErrorCode.ARCHIVIST_ONLY)
  @ApiErrors(HttpStatus.NOT_FOUND, ArchiveErrorCode.BERKAS_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, ArchiveErrorCode.LEGAL_HOLD_ACTIVE)
  hold(@Param('id', ParseUUIDPipe) id: string, @Body() dto: LegalHoldInputDto, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.holds.place(id, dto, person);
  }

  @Post(':id/legal-hold/lift')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift the legal hold of a berkas, with a reason (archivist)' })
  @ApiErrors(HttpStatus.FORBIDDEN, ArchiveErrorCode.ARCHIVIST_ONLY)
  @ApiErrors(HttpStatus.NOT_FOUND, ArchiveErrorCode.BERKAS_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, ArchiveErrorCode.NO_LEGAL_HOLD)
  lift(@Param('id', ParseUUIDPipe) id: string, @Body() dto: LegalHoldInputDto, @CurrentPerson() person: PersonPrincipal): Promise<BerkasDetailDto> {
    return this.holds.lift(id, dto, person);
  }
}
