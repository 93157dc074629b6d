import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '../../common/http/file-upload.interceptor';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { CurrentAbility, CurrentPerson } from '../../auth/auth.decorators';
import { PersonPrincipal } from '../../records/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { ApiUpload } from '../../common/openapi/api-upload.decorator';
import { DispositionInstructions } from './disposition-instructions';
import { DispositionsService, UploadedAttachment } from './dispositions.service';
import { CreateDispositionDto, GrantDto, ReportDispositionDto } from './dto/disposition.dto';
import { DispositionInstructionDto, DispositionTreeDto, DispositionViewDto } from './dto/disposition-view.dto';
import { LetterGrantsService } from './letter-grants.service';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { CorrespondenceErrorCode } from '../incoming/correspondence.errors';
import { DocumentErrorCode } from '../../documents/documents.errors';
import { StorageErrorCode } from '../../storage/storage.errors';
import { LetterErrorCode } from '../access/letters.errors';

@ApiTags('dispositions')
@ApiBearerAuth()
@Controller('api/v1')
export class DispositionsController {
  constructor(
    private readonly dispositions: DispositionsService,
    private readonly grants: LetterGrantsService,
    private readonly instructions: DispositionInstructions,
  ) {}

  /** The instruction checkboxes of this deployment (config/disposition.yaml). */
  @Get('disposition-instructions')
  instructionList(): DispositionInstructionDto[] {
    return this.instructions.list;
  }

  /** Disposes an incoming letter to positions below, with instructions and a deadline; one disposition per position. */
  @Post('letters/:id/dispositions')
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND, CorrespondenceErrorCode.DISPOSITION_NOT_FOUND)
  @ApiErrors(HttpStatus.FORBIDDEN, CorrespondenceErrorCode.NOT_THE_RECIPIENT, CorrespondenceErrorCode.NOT_ALLOWED_TO_DISPOSE)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, CorrespondenceErrorCode.UNKNOWN_INSTRUCTION, CorrespondenceErrorCode.DUE_DATE_IN_PAST, CorrespondenceErrorCode.DUE_AFTER_PARENT, CorrespondenceErrorCode.DISPOSITION_NOT_OPEN, CorrespondenceErrorCode.LETTER_CLOSED, CorrespondenceErrorCode.POSITION_NOT_FOUND, CorrespondenceErrorCode.NOT_A_SUBORDINATE, CorrespondenceErrorCode.NOT_AN_INCOMING_LETTER)
  create(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateDispositionDto,
    @CurrentPerson() person: PersonPrincipal,
    @CurrentAbility() ability: AppAbility,
  ): Promise<DispositionViewDto[]> {
    return this.dispositions.create(id, dto, person, ability);
  }

  /** The disposition tree (the caller's branches only, for a recipient who takes part only through a disposition). */
  @Get('letters/:id/dispositions')
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  tree(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<DispositionTreeDto> {
    return this.dispositions.tree(id, person, ability);
  }

  /** Read receipt by the recipient. */
  @Post('dispositions/:id/read')
  @HttpCode(200)
  @ApiErrors(HttpStatus.NOT_FOUND, CorrespondenceErrorCode.DISPOSITION_NOT_FOUND)
  @ApiErrors(HttpStatus.FORBIDDEN, CorrespondenceErrorCode.NOT_THE_RECIPIENT)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, CorrespondenceErrorCode.DISPOSITION_NOT_OPEN)
  read(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<DispositionViewDto> {
    return this.dispositions.read(id, person, ability);
  }

  /** Recalls a disposition the recipient has not read (409 ALREADY_READ otherwise). */
  @Post('dispositions/:id/recall')
  @HttpCode(200)
  @ApiErrors(HttpStatus.NOT_FOUND, CorrespondenceErrorCode.DISPOSITION_NOT_FOUND)
  @ApiErrors(HttpStatus.FORBIDDEN, CorrespondenceErrorCode.NOT_THE_SENDER)
  @ApiErrors(HttpStatus.CONFLICT, CorrespondenceErrorCode.ALREADY_READ)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, CorrespondenceErrorCode.DISPOSITION_NOT_OPEN)
  recall(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<DispositionViewDto> {
    return this.dispositions.recall(id, person, ability);
  }

  /** Laporan tindak lanjut: JSON `{ text }`, or multipart with `text` and an optional PDF `attachment`. */
  @Post('dispositions/:id/report')
  @HttpCode(200)
  @ApiUpload('attachment', { fields: ReportDispositionDto, required: false, json: true })
  @UseInterceptors(FileInterceptor('attachment', { files: 1, fields: 5 }))
  @ApiErrors(HttpStatus.BAD_REQUEST, DocumentErrorCode.PDF_EMPTY)
  @ApiErrors(HttpStatus.PAYLOAD_TOO_LARGE, DocumentErrorCode.PDF_TOO_LARGE)
  @ApiErrors(HttpStatus.UNSUPPORTED_MEDIA_TYPE, DocumentErrorCode.NOT_A_PDF)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, DocumentErrorCode.PDF_TRUNCATED, DocumentErrorCode.PDF_ENCRYPTED, CorrespondenceErrorCode.DISPOSITION_NOT_OPEN)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, StorageErrorCode.STORAGE_UNAVAILABLE)
  @ApiErrors(HttpStatus.NOT_FOUND, CorrespondenceErrorCode.DISPOSITION_NOT_FOUND)
  @ApiErrors(HttpStatus.FORBIDDEN, CorrespondenceErrorCode.NOT_THE_RECIPIENT)
  report(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReportDispositionDto,
    @UploadedFile() attachment: UploadedAttachment | undefined,
    @CurrentPerson() person: PersonPrincipal,
    @CurrentAbility() ability: AppAbility,
  ): Promise<DispositionViewDto> {
    return this.dispositions.report(id, dto, attachment, person, ability);
  }

  /** The PDF attached to the report (laporan tindak lanjut), for whoever may see the letter. */
  @Get('dispositions/:id/report-attachment')
  @ApiProduces('application/pdf')
  @ApiErrors(HttpStatus.NOT_FOUND, StorageErrorCode.OBJECT_NOT_FOUND, CorrespondenceErrorCode.DISPOSITION_NOT_FOUND, CorrespondenceErrorCode.REPORT_ATTACHMENT_NOT_FOUND)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, StorageErrorCode.STORAGE_UNAVAILABLE)
  reportAttachment(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Cache-Control', 'private, no-store');
    return this.dispositions.reportAttachment(id, ability);
  }

  /** The recipient marks their branch done. */
  @Post('dispositions/:id/done')
  @HttpCode(200)
  @ApiErrors(HttpStatus.NOT_FOUND, CorrespondenceErrorCode.DISPOSITION_NOT_FOUND)
  @ApiErrors(HttpStatus.FORBIDDEN, CorrespondenceErrorCode.NOT_THE_RECIPIENT)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, CorrespondenceErrorCode.DISPOSITION_NOT_OPEN)
  done(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<DispositionViewDto> {
    return this.dispositions.done(id, person, ability);
  }

  /** Positions explicitly given access to the letter. */
  @Get('letters/:id/grants')
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  grantList(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility) {
    return this.grants.list(id, ability);
  }

  /** Gives a position access to the letter (drafter or addressee only); how a Rahasia letter reaches someone off its route. */
  @Post('letters/:id/grants')
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  @ApiErrors(HttpStatus.FORBIDDEN, CorrespondenceErrorCode.NOT_ALLOWED_TO_GRANT)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, CorrespondenceErrorCode.POSITION_NOT_FOUND)
  grant(@Param('id', ParseUUIDPipe) id: string, @Body() dto: GrantDto, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility) {
    return this.grants.grant(id, dto.positionId, person, ability);
  }

  /** Takes back the access given to a position (drafter or addressee only). */
  @Delete('letters/:id/grants/:positionId')
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  @ApiErrors(HttpStatus.FORBIDDEN, CorrespondenceErrorCode.NOT_ALLOWED_TO_GRANT)
  revoke(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('positionId', ParseUUIDPipe) positionId: string,
    @CurrentPerson() person: PersonPrincipal,
    @CurrentAbility() ability: AppAbility,
  ) {
    return this.grants.revoke(id, positionId, person, ability);
  }
}
