import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPerson } from '../../auth/auth.decorators';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { ArchiveErrorCode } from '../archive.errors';
import { DisposalErrorCode } from './disposal.errors';
import type { PersonPrincipal } from '../../records/principal';
import { DisposalService } from './disposal.service';
import { CreateDisposalDto, DisposalListDto } from './dto/disposal.dto';

@ApiTags('archive')
@ApiBearerAuth()
@Controller('api/v1/archive/disposals')
export class DisposalController {
  constructor(private readonly disposals: DisposalService) {}

  /** The list's letter (type usul-musnah) is then submitted, reviewed and signed through POST /letters/:id/transitions. */
  @Post()
  @ApiOperation({ summary: 'Draft a disposal list (usul musnah) of berkas due for destruction' })
  @ApiErrors(HttpStatus.BAD_REQUEST, DisposalErrorCode.DUPLICATE_BERKAS)
  @ApiErrors(HttpStatus.FORBIDDEN, DisposalErrorCode.ARCHIVIST_ONLY)
  @ApiErrors(HttpStatus.NOT_FOUND, ArchiveErrorCode.BERKAS_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, ArchiveErrorCode.LEGAL_HOLD)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, DisposalErrorCode.NO_POSITION, DisposalErrorCode.BERKAS_NOT_DUE, DisposalErrorCode.DISPOSAL_ROUTE_NOT_CONFIGURED)
  create(@Body() dto: CreateDisposalDto, @CurrentPerson() person: PersonPrincipal): Promise<DisposalListDto> {
    return this.disposals.create(dto, person);
  }

  /** Newest first, at most 200: the archivist's work list, each with its letter's state. */
  @Get()
  @ApiOperation({ summary: 'The disposal lists (usul musnah), newest first' })
  @ApiErrors(HttpStatus.FORBIDDEN, DisposalErrorCode.ARCHIVIST_ONLY)
  list(@CurrentPerson() person: PersonPrincipal): Promise<DisposalListDto[]> {
    return this.disposals.list(person);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A disposal list: its berkas, its letter and how far the destruction went' })
  @ApiErrors(HttpStatus.FORBIDDEN, DisposalErrorCode.ARCHIVIST_ONLY)
  @ApiErrors(HttpStatus.NOT_FOUND, DisposalErrorCode.DISPOSAL_NOT_FOUND)
  view(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal): Promise<DisposalListDto> {
    return this.disposals.view(id, person);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume the destruction of a signed disposal list that a legal hold stopped, once the hold is lifted' })
  @ApiErrors(HttpStatus.FORBIDDEN, DisposalErrorCode.ARCHIVIST_ONLY)
  @ApiErrors(HttpStatus.NOT_FOUND, DisposalErrorCode.DISPOSAL_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, DisposalErrorCode.DISPOSAL_NOT_BLOCKED, ArchiveErrorCode.LEGAL_HOLD)
  resume(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal): Promise<DisposalListDto> {
    return this.disposals.resume(id, person);
  }
}
