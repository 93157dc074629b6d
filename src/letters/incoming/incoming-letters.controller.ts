import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '../../common/http/file-upload.interceptor';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { CurrentAbility, CurrentPerson } from '../../auth/auth.decorators';
import { PersonPrincipal } from '../../records/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { ApiUpload } from '../../common/openapi/api-upload.decorator';
import { IncomingLetterDto, IncomingListDto } from './dto/incoming-letter.dto';
import { IncomingListQuery } from './dto/incoming-list.query';
import { RegisterIncomingDto } from './dto/register-incoming.dto';
import { IncomingLettersService, UploadedScan } from './incoming-letters.service';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { LetterErrorCode } from '../access/letters.errors';
import { DocumentErrorCode } from '../../documents/documents.errors';
import { StorageErrorCode } from '../../storage/storage.errors';
import { CorrespondenceErrorCode } from './correspondence.errors';

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
  @UseInterceptors(FileInterceptor('scan', { files: 1, fields: 30 }))
  @ApiErrors(HttpStatus.BAD_REQUEST, DocumentErrorCode.PDF_EMPTY, CorrespondenceErrorCode.SCAN_REQUIRED)
  @ApiErrors(HttpStatus.PAYLOAD_TOO_LARGE, DocumentErrorCode.PDF_TOO_LARGE)
  @ApiErrors(HttpStatus.UNSUPPORTED_MEDIA_TYPE, DocumentErrorCode.NOT_A_PDF)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, DocumentErrorCode.PDF_TRUNCATED, DocumentErrorCode.PDF_ENCRYPTED, CorrespondenceErrorCode.NO_POSITION, CorrespondenceErrorCode.SENDER_DATE_IN_FUTURE, CorrespondenceErrorCode.NOT_AN_INCOMING_LETTER, CorrespondenceErrorCode.ADDRESSEE_NOT_FOUND)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, StorageErrorCode.STORAGE_UNAVAILABLE)
  @ApiErrors(HttpStatus.FORBIDDEN, CorrespondenceErrorCode.NOT_A_REGISTRAR)
  @ApiErrors(HttpStatus.CONFLICT, CorrespondenceErrorCode.DUPLICATE_INCOMING)
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
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, CorrespondenceErrorCode.NOT_AN_INCOMING_LETTER)
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<IncomingLetterDto> {
    return this.incoming.get(id, person, ability);
  }

  /** The scanned PDF. */
  @Get(':id/scan')
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND, StorageErrorCode.OBJECT_NOT_FOUND)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, StorageErrorCode.STORAGE_UNAVAILABLE)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, CorrespondenceErrorCode.NOT_AN_INCOMING_LETTER)
  scan(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Cache-Control', 'private, no-store');
    return this.incoming.scan(id, ability);
  }
}
