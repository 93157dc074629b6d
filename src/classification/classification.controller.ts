import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { JraSchedule } from './jra/jra-schedule';
import { retentionView } from './jra/retention-view';
import { ClassificationCodes } from './classification-codes';
import { ClassificationDto, ClassificationQuery } from './dto/classification.dto';
import { ApiErrors } from '../common/openapi/api-errors.decorator';

/** The kode klasifikasi arsip list, for the draft form's picker. Public data of the regulation: any signed-in person reads it. */
@ApiTags('classifications')
@ApiBearerAuth()
@Controller('api/v1/classifications')
export class ClassificationController {
  constructor(
    private readonly codes: ClassificationCodes,
    private readonly jra: JraSchedule,
  ) {}

  /** Searches the kode klasifikasi arsip by code prefix or by words of their names. */
  @Get()
  search(@Query() query: ClassificationQuery): ClassificationDto[] {
    return this.codes.search(query.q, query.limit ?? 20).map((c) => ({
      ...c,
      path: this.codes
        .path(c)
        .slice(0, -1)
        .map((p) => p.name),
      retention: retentionView(this.jra.retention(c.code)!),
    }));
  }
}
