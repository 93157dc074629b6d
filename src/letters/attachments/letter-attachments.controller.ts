import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentAbility, CurrentPerson } from '../../auth/auth.decorators';
import { PersonPrincipal } from '../../auth/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { ApiUpload } from '../../common/openapi/api-upload.decorator';
import { LetterAttachmentsService, UploadedAttachmentFile } from './letter-attachments.service';

@ApiTags('letters')
@ApiBearerAuth()
@Controller('api/v1/letters/:id/attachments')
export class LetterAttachmentsController {
  constructor(private readonly attachments: LetterAttachmentsService) {}

  @Get()
  list(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility) {
    return this.attachments.list(id, ability);
  }

  /** Adds a lampiran (multipart field `file`): PDF or an office document, judged by its bytes; 415 otherwise. */
  @Post()
  @ApiUpload('file')
  @UseInterceptors(FileInterceptor('file'))
  add(
    @Param('id', ParseUUIDPipe) id: string,
    @UploadedFile() file: UploadedAttachmentFile | undefined,
    @CurrentPerson() person: PersonPrincipal,
    @CurrentAbility() ability: AppAbility,
  ) {
    return this.attachments.add(id, file, person, ability);
  }

  @Get(':attachmentId')
  download(@Param('id', ParseUUIDPipe) id: string, @Param('attachmentId', ParseUUIDPipe) attachmentId: string, @CurrentAbility() ability: AppAbility) {
    return this.attachments.download(id, attachmentId, ability);
  }

  @Delete(':attachmentId')
  @HttpCode(204)
  remove(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
    @CurrentPerson() person: PersonPrincipal,
    @CurrentAbility() ability: AppAbility,
  ): Promise<void> {
    return this.attachments.remove(id, attachmentId, person, ability);
  }
}
