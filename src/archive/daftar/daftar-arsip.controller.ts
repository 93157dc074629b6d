import { Controller, Get, HttpStatus, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { CurrentPerson } from '../../auth/auth.decorators';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { ArchiveErrorCode } from '../archive.errors';
import { PersonPrincipal } from '../../records/principal';
import { DaftarArsipService } from './daftar-arsip.service';
import { DaftarArsipDto, DaftarArsipQuery } from './dto/daftar-arsip.dto';

@ApiTags('archive')
@ApiBearerAuth()
@Controller('api/v1/archive/daftar-arsip')
export class DaftarArsipController {
  constructor(private readonly daftar: DaftarArsipService) {}

  @Get()
  @ApiOperation({ summary: 'Daftar Arsip Aktif or Inaktif of a unit: JSON, or a CSV or PDF download' })
  @ApiExtraModels(DaftarArsipDto)
  @ApiOkResponse({
    description: 'The list as JSON; with format=csv or format=pdf, the same rows as a download.',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(DaftarArsipDto) } },
      'text/csv': { schema: { type: 'string' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiErrors(HttpStatus.FORBIDDEN, ArchiveErrorCode.ARCHIVE_NOT_ALLOWED)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, ArchiveErrorCode.NO_POSITION, ArchiveErrorCode.UNIT_NOT_FOUND)
  async list(@Query() q: DaftarArsipQuery, @CurrentPerson() person: PersonPrincipal, @Res({ passthrough: true }) res: Response): Promise<DaftarArsipDto | string | StreamableFile> {
    const list = await this.daftar.list(q, person);
    if (q.format === 'csv') {
      res.header('Content-Type', 'text/csv; charset=utf-8');
      res.header('Content-Disposition', `attachment; filename="${this.daftar.fileName(list, 'csv')}"`);
      return this.daftar.csv(list);
    }
    if (q.format === 'pdf') {
      const pdf = await this.daftar.pdf(list);
      return new StreamableFile(Buffer.from(pdf), { type: 'application/pdf', disposition: `attachment; filename="${this.daftar.fileName(list, 'pdf')}"` });
    }
    return list;
  }
}
