import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Put, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentAbility, CurrentPerson } from '../../auth/auth.decorators';
import { PersonPrincipal } from '../../records/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { LetterErrorCode } from '../../letters/access/letters.errors';
import { StorageErrorCode } from '../../storage/storage.errors';
import { OcrErrorCode } from './ocr.errors';
import { CorrectLetterTextDto, LetterTextDto } from './dto/letter-text.dto';
import { LetterTextService } from './letter-text.service';

/** The text of a letter's scan and PDF attachments (text layer or OCR), for whoever may see the letter. */
@ApiTags('letters')
@ApiBearerAuth()
@Controller('api/v1/letters/:id/texts')
export class LetterTextController {
  constructor(private readonly texts: LetterTextService) {}

  /** The texts read from the letter's scan and PDF attachments, with each one's status. */
  @Get()
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  list(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility): Promise<LetterTextDto[]> {
    return this.texts.list(id, ability);
  }

  /** One text of the letter: what search reads, and OCR's own text if it was corrected. */
  @Get(':textId')
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND, OcrErrorCode.LETTER_TEXT_NOT_FOUND)
  get(@Param('id', ParseUUIDPipe) id: string, @Param('textId', ParseUUIDPipe) textId: string, @CurrentAbility() ability: AppAbility): Promise<LetterTextDto> {
    return this.texts.get(id, textId, ability);
  }

  /** TU of the unit that registered the letter corrects the OCR text; search then reads the correction. Audited. */
  @Put(':textId')
  @ApiErrors(HttpStatus.FORBIDDEN, OcrErrorCode.NOT_THE_REGISTERING_UNIT)
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND, OcrErrorCode.LETTER_TEXT_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, OcrErrorCode.LETTER_TEXT_NOT_READY)
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
  @ApiOkResponse({ description: 'The searchable PDF/A.', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND, OcrErrorCode.LETTER_TEXT_NOT_FOUND, OcrErrorCode.SEARCHABLE_PDF_NOT_FOUND, StorageErrorCode.OBJECT_NOT_FOUND)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, StorageErrorCode.STORAGE_UNAVAILABLE)
  searchablePdf(@Param('id', ParseUUIDPipe) id: string, @Param('textId', ParseUUIDPipe) textId: string, @CurrentAbility() ability: AppAbility): Promise<StreamableFile> {
    return this.texts.searchablePdf(id, textId, ability);
  }
}
