import { Controller, Get, Headers, HttpStatus, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { CurrentPerson } from '../auth/auth.decorators';
import { PersonPrincipal } from '../records/principal';
import { Can } from '../authz/policy.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { dashboardCsv } from './dashboard-csv';
import { DashboardErrorCode } from './dashboard.errors';
import { DashboardService } from './dashboard.service';
import { DashboardScopeDto, LettersPerMonthDto, OverdueDto, PendingDispositionsDto, PhaseTimesDto } from './dto/dashboard.dto';
import { DashboardQuery } from './dto/dashboard.query';

const CSV = 'With format=csv or Accept: text/csv, the same rows as a text/csv download.';

@ApiTags('dashboard')
@ApiBearerAuth()
@Can('read', 'Dashboard')
@ApiErrors(HttpStatus.FORBIDDEN, DashboardErrorCode.DASHBOARD_NOT_ALLOWED)
@Controller('api/v1/dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  /** The units the caller may read on the dashboard (every unit for an admin; the units they head and those below for a pimpinan). */
  @Get('scope')
  @ApiOkResponse({ type: DashboardScopeDto })
  scope(@CurrentPerson() person: PersonPrincipal): Promise<DashboardScopeDto> {
    return this.dashboard.scope(person);
  }

  /** Letters drafted or registered per month, by jenis naskah and unit. */
  @Get('letters-per-month')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: LettersPerMonthDto, description: CSV })
  @ApiErrors(HttpStatus.BAD_REQUEST, DashboardErrorCode.DASHBOARD_INVALID_PERIOD)
  @ApiErrors(HttpStatus.FORBIDDEN, DashboardErrorCode.DASHBOARD_UNIT_NOT_ALLOWED)
  async lettersPerMonth(@Query() q: DashboardQuery, @CurrentPerson() person: PersonPrincipal, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response) {
    const figure = await this.dashboard.lettersPerMonth(q, person);
    return wantsCsv(q, accept) ? download(res, 'surat-per-bulan', figure, dashboardCsv.lettersPerMonth(figure)) : figure;
  }

  /** Time spent in review and in signing per unit: median and p90 of each completed stay. */
  @Get('phase-times')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: PhaseTimesDto, description: CSV })
  @ApiErrors(HttpStatus.BAD_REQUEST, DashboardErrorCode.DASHBOARD_INVALID_PERIOD)
  @ApiErrors(HttpStatus.FORBIDDEN, DashboardErrorCode.DASHBOARD_UNIT_NOT_ALLOWED)
  async phaseTimes(@Query() q: DashboardQuery, @CurrentPerson() person: PersonPrincipal, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response) {
    const figure = await this.dashboard.phaseTimes(q, person);
    return wantsCsv(q, accept) ? download(res, 'waktu-proses', figure, dashboardCsv.phaseTimes(figure)) : figure;
  }

  /** Overdue items per unit and per person (the holder of the position they wait at). */
  @Get('overdue')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: OverdueDto, description: CSV })
  @ApiErrors(HttpStatus.BAD_REQUEST, DashboardErrorCode.DASHBOARD_INVALID_PERIOD)
  @ApiErrors(HttpStatus.FORBIDDEN, DashboardErrorCode.DASHBOARD_UNIT_NOT_ALLOWED)
  async overdue(@Query() q: DashboardQuery, @CurrentPerson() person: PersonPrincipal, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response) {
    const figure = await this.dashboard.overdue(q, person);
    return wantsCsv(q, accept) ? download(res, 'lewat-batas-waktu', figure, dashboardCsv.overdue(figure)) : figure;
  }

  /** Dispositions not acted on (neither reported nor done) per recipient position. */
  @Get('pending-dispositions')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: PendingDispositionsDto, description: CSV })
  @ApiErrors(HttpStatus.BAD_REQUEST, DashboardErrorCode.DASHBOARD_INVALID_PERIOD)
  @ApiErrors(HttpStatus.FORBIDDEN, DashboardErrorCode.DASHBOARD_UNIT_NOT_ALLOWED)
  async pendingDispositions(@Query() q: DashboardQuery, @CurrentPerson() person: PersonPrincipal, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response) {
    const figure = await this.dashboard.pendingDispositions(q, person);
    return wantsCsv(q, accept) ? download(res, 'disposisi-tertunda', figure, dashboardCsv.pendingDispositions(figure)) : figure;
  }
}

/** CSV when asked by the query, or when the client prefers it to JSON. */
function wantsCsv(q: DashboardQuery, accept: string | undefined): boolean {
  if (q.format) return q.format === 'csv';
  return Boolean(accept && /(^|,)\s*text\/csv\b/i.test(accept) && !/(^|,)\s*application\/json\b/i.test(accept));
}

function download(res: Response, name: string, figure: { from: string; to: string }, csv: string): string {
  res.header('Content-Type', 'text/csv; charset=utf-8');
  res.header('Content-Disposition', `attachment; filename="${name}-${figure.from}-${figure.to}.csv"`);
  return csv;
}
