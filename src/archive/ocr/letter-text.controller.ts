import { Body, Controller, Get, Param, ParseUUIDPipe, Put, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentAbility, CurrentPerson } from '../../auth/auth.decorators';
import { PersonPrincipal } from '../../auth/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { CorrectLetterTextDto, LetterTextDto } from './dto/letter-text.dto';
import { LetterTextService } from './letter-text.service';

/** The text of a letter's scan and PDF attachments (text layer or OCR), for whoever may see the letter. */
@ApiTags('letters')
@ApiBearerAuth()
@Controller('api/v1/letters/:id/texts')
export class LetterTextController {
  constructor(private readonly texts: LetterTextService) {}

  @Get()
  list(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility): Promise<LetterTextDto[]> {
    return this.texts.list(id, ability);
  }

  @Get(':textId')
  get(@Param('id', ParseUUIDPipe) id: string, @Param('textId', ParseUUIDPipe) textId: string, @CurrentAbility() ability: AppAbility): Promise<LetterTextDto> {
    return this.texts.get(id, textId, ability);
  }

  /** TU of the unit that registered the letter corrects the OCR text; search then reads the correction. Audited. */
  @Put(':textId')
  correct(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('textId', ParseUUIDPipe) textId: string,
    @Body() dto: CorrectLetterTextDto,
    @CurrentPerson() person: PersonPrincipal,
    @CurrentAbility() ability: AppAbility,
  ): Promise<LetterTextDto> {
    return this.texts.correct(id, textId, dto, person, ability);
  }

  /** The searchable PDF/A that OCR made; the original stays byte-exact where it was (scan, attachment). */
  @Get(':textId/searchable-pdf')
  @ApiProduces('application/pdf')
  searchablePdf(@Param('id', ParseUUIDPipe) id: string, @Param('textId', ParseUUIDPipe) textId: string, @CurrentAbility() ability: AppAbility): Promise<StreamableFile> {
    return this.texts.searchablePdf(id, textId, ability);
  }
}
