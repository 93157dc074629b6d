import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClassificationCodes } from '../../classification/classification-codes';
import { JraDto } from '../../classification/jra/dto/jra.dto';
import { JraSchedule } from '../../classification/jra/jra-schedule';
import { retentionView } from '../../classification/jra/retention-view';

/** The Jadwal Retensi Arsip: public data of the regulation, read by any signed-in person. */
@ApiTags('archive')
@ApiBearerAuth()
@Controller('api/v1/archive/jra')
export class JraController {
  constructor(
    private readonly codes: ClassificationCodes,
    private readonly jra: JraSchedule,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The Jadwal Retensi Arsip: retention and final disposition of every classification code' })
  schedule(): JraDto {
    return {
      version: this.jra.version,
      entries: this.codes.list.map((c) => ({ code: c.code, name: c.name, parentCode: c.parentCode, ...retentionView(this.jra.retention(c.code)!) })),
    };
  }
}
