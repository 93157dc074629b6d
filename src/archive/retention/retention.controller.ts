import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPerson } from '../../auth/auth.decorators';
import { PersonPrincipal } from '../../records/principal';
import { DueQuery } from '../berkas/dto/berkas-input.dto';
import { DueListDto } from './dto/due.dto';
import { RetentionService } from './retention.service';

@ApiTags('archive')
@ApiBearerAuth()
@Controller('api/v1/archive/due')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get()
  @ApiOperation({ summary: 'Berkas due to move to inactive, to be destroyed (usul musnah), transferred (usul serah) or reviewed, on a day' })
  due(@Query() q: DueQuery, @CurrentPerson() person: PersonPrincipal): Promise<DueListDto> {
    return this.retention.due(q, person);
  }
}
