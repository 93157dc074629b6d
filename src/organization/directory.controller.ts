import { Controller, Get, HttpStatus, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Can } from '../authz/policy.decorator';
import { DirectoryService } from './directory.service';
import { DirectoryEntryDto, DirectoryQuery } from './dto/directory.dto';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { OrganizationErrorCode } from './organization.errors';

/** The organisation as the draft form's pickers search it (Kepada, Tembusan, Pemeriksa, Penandatangan). */
@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/v1/directory')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  /** Positions whose jabatan, unit, code or holder match every word of `q`; heads first, then by jabatan. */
  @Can('read', 'Position')
  @Get()
  search(@Query() query: DirectoryQuery): Promise<DirectoryEntryDto[]> {
    return this.directory.search(query.q, query.canSign ?? false, query.limit ?? 20);
  }

  /** A position's superiors, nearest first: on whose behalf (a.n./u.b.) its holder may sign. */
  @Can('read', 'Position')
  @Get(':positionId/superiors')
  @ApiErrors(HttpStatus.NOT_FOUND, OrganizationErrorCode.POSITION_NOT_FOUND)
  superiors(@Param('positionId', ParseUUIDPipe) positionId: string): Promise<DirectoryEntryDto[]> {
    return this.directory.superiors(positionId);
  }
}
