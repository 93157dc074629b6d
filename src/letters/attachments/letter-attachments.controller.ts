import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '../../common/http/file-upload.interceptor';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentAbility, CurrentPerson } from '../../auth/auth.decorators';
import { PersonPrincipal } from '../../records/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { ApiUpload } from '../../common/openapi/api-upload.decorator';
import { LetterAttachmentsService, UploadedAttachmentFile } from './letter-attachments.service';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { DocumentErrorCode } from '../../documents/documents.errors';
import { CorrespondenceErrorCode } from '../incoming/correspondence.errors';
import { StorageErrorCode } from '../../storage/storage.errors';
import { LetterErrorCode } from '../access/letters.errors';

@ApiTags('letters')
@ApiBearerAuth()
@Controller('api/v1/letters/:id/attachments')
export class LetterAttachmentsController {
  constructor(private readonly attachments: LetterAttachmentsService) {}

  /** The letter's attachments (lampiran). */
  @Get()
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  list(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility) {
    return this.attachments.list(id, ability);
  }

  /** Adds a lampiran (multipart field `file`): PDF or an office document, judged by its bytes; 415 otherwise. */
  @Post()
  @ApiUpload('file')
  @UseInterceptors(FileInterceptor('file', { files: 1, fields: 5 }))
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, StorageErrorCode.STORAGE_UNAVAILABLE)
  @ApiErrors(HttpStatus.BAD_REQUEST, CorrespondenceErrorCode.FILE_REQUIRED, DocumentErrorCode.PDF_EMPTY)
  @ApiErrors(HttpStatus.FORBIDDEN, CorrespondenceErrorCode.NOT_THE_DRAFTER)
  @ApiErrors(HttpStatus.PAYLOAD_TOO_LARGE, StorageErrorCode.OBJECT_TOO_LARGE, DocumentErrorCode.PDF_TOO_LARGE)
  @ApiErrors(HttpStatus.UNSUPPORTED_MEDIA_TYPE, CorrespondenceErrorCode.ATTACHMENT_TYPE_NOT_ALLOWED)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, CorrespondenceErrorCode.TOO_MANY_ATTACHMENTS, CorrespondenceErrorCode.LETTER_CLOSED, DocumentErrorCode.PDF_TRUNCATED, DocumentErrorCode.PDF_ENCRYPTED)
  add(
    @Param('id', ParseUUIDPipe) id: string,
    @UploadedFile() file: UploadedAttachmentFile | undefined,
    @CurrentPerson() person: PersonPrincipal,
    @CurrentAbility() ability: AppAbility,
  ) {
    return this.attachments.add(id, file, person, ability);
  }

  /** Downloads one attachment. */
  @Get(':attachmentId')
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND, StorageErrorCode.OBJECT_NOT_FOUND, CorrespondenceErrorCode.ATTACHMENT_NOT_FOUND)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, StorageErrorCode.STORAGE_UNAVAILABLE)
  download(@Param('id', ParseUUIDPipe) id: string, @Param('attachmentId', ParseUUIDPipe) attachmentId: string, @CurrentAbility() ability: AppAbility) {
    return this.attachments.download(id, attachmentId, ability);
  }

  /** Removes an attachment while the letter is still a draft (the drafter only). */
  @Delete(':attachmentId')
  @HttpCode(204)
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND, CorrespondenceErrorCode.ATTACHMENT_NOT_FOUND)
  @ApiErrors(HttpStatus.FORBIDDEN, CorrespondenceErrorCode.NOT_THE_DRAFTER)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, CorrespondenceErrorCode.LETTER_CLOSED)
  remove(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
    @CurrentPerson() person: PersonPrincipal,
    @CurrentAbility() ability: AppAbility,
  ): Promise<void> {
    return this.attachments.remove(id, attachmentId, person, ability);
  }
}
