import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPerson } from '../../auth/auth.decorators';
import type { PersonPrincipal } from '../../auth/principal';
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
  create(@Body() dto: CreateDisposalDto, @CurrentPerson() person: PersonPrincipal): Promise<DisposalListDto> {
    return this.disposals.create(dto, person);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A disposal list: its berkas, its letter and how far the destruction went' })
  view(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal): Promise<DisposalListDto> {
    return this.disposals.view(id, person);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume the destruction of a signed disposal list that a legal hold stopped, once the hold is lifted' })
  resume(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal): Promise<DisposalListDto> {
    return this.disposals.resume(id, person);
  }
}
