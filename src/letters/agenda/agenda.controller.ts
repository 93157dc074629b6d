import { Controller, Get, HttpStatus, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { CurrentPerson } from '../../auth/auth.decorators';
import { PersonPrincipal } from '../../records/principal';
import { AgendaService } from './agenda.service';
import { AgendaBookDto } from './dto/agenda-book.dto';
import { AgendaQuery } from './dto/agenda.query';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { CorrespondenceErrorCode } from '../incoming/correspondence.errors';

@ApiTags('agenda')
@ApiBearerAuth()
@Controller('api/v1/agenda')
export class AgendaController {
  constructor(private readonly agenda: AgendaService) {}

  /** Buku agenda of a unit and period: JSON, or `format=csv` as a download. */
  @Get()
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AgendaBookDto, description: 'The book as JSON; with format=csv, the same rows as a text/csv download.' })
  @ApiErrors(HttpStatus.BAD_REQUEST, CorrespondenceErrorCode.INVALID_PERIOD)
  @ApiErrors(HttpStatus.FORBIDDEN, CorrespondenceErrorCode.AGENDA_NOT_ALLOWED)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, CorrespondenceErrorCode.NO_POSITION)
  async book(@Query() q: AgendaQuery, @CurrentPerson() person: PersonPrincipal, @Res({ passthrough: true }) res: Response) {
    const book = await this.agenda.book(q, person);
    if (q.format !== 'csv') return book;
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', `attachment; filename="agenda-${book.register}-${book.from}-${book.to}.csv"`);
    return this.agenda.csv(book);
  }
}
