import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentAbility, CurrentPerson } from '../../auth/auth.decorators';
import { PersonPrincipal } from '../../auth/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { ApiUpload } from '../../common/openapi/api-upload.decorator';
import { IncomingLetterDto, IncomingListDto } from './dto/incoming-letter.dto';
import { IncomingListQuery } from './dto/incoming-list.query';
import { RegisterIncomingDto } from './dto/register-incoming.dto';
import { IncomingLettersService, UploadedScan } from './incoming-letters.service';

@ApiTags('incoming letters')
@ApiBearerAuth()
@Controller('api/v1/incoming-letters')
export class IncomingLettersController {
  constructor(private readonly incoming: IncomingLettersService) {}

  /**
   * Registers a surat masuk (multipart: the fields below and the scanned PDF as `scan`) with the
   * next agenda number of the registrar's unit. 409 DUPLICATE_INCOMING when the same sender
   * number and date is already on the agenda, unless confirmDuplicate=true.
   */
  @Post()
  @ApiUpload('scan', { fields: RegisterIncomingDto })
  @UseInterceptors(FileInterceptor('scan'))
  register(
    @Body() dto: RegisterIncomingDto,
    @UploadedFile() scan: UploadedScan | undefined,
    @CurrentPerson() person: PersonPrincipal,
    @CurrentAbility() ability: AppAbility,
  ): Promise<IncomingLetterDto> {
    return this.incoming.register(dto, scan, person, ability);
  }

  /** The incoming letters the caller may see, newest received first; `needsAction=true` keeps those waiting for the caller. */
  @Get()
  list(@Query() q: IncomingListQuery, @CurrentPerson() person: PersonPrincipal): Promise<IncomingListDto> {
    return this.incoming.list(q, person);
  }

  /** The incoming letter with its agenda entry (sender, sender's number and date, agenda number). */
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<IncomingLetterDto> {
    return this.incoming.get(id, person, ability);
  }

  /** The scanned PDF. */
  @Get(':id/scan')
  scan(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    return this.incoming.scan(id, ability);
  }
}
