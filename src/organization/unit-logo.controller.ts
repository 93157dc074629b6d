import { Controller, Get, HttpStatus, Param, ParseUUIDPipe, Put, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '../common/http/file-upload.interceptor';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Can } from '../authz/policy.decorator';
import { ApiUpload } from '../common/openapi/api-upload.decorator';
import { UNIT_LOGO_MAX_BYTES, UnitLogoService, UnitLogoView, UploadedLogo } from './unit-logo.service';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { OrganizationErrorCode } from './organization.errors';
import { StorageErrorCode } from '../storage/storage.errors';

/** The logo on a unit's letterhead. Admins set it; every signed-in user may fetch it. */
@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/v1/units/:id/logo')
export class UnitLogoController {
  constructor(private readonly logos: UnitLogoService) {}

  /** Multipart field `logo`: a PNG (by its bytes) of at most 512 KB; UNIT_LOGO_INVALID otherwise, 413 when larger. */
  @Can('update', 'Unit')
  @Put()
  @ApiUpload('logo')
  // Bounded in memory: the upload interceptor stops reading past the limit (413) and takes one file only.
  @UseInterceptors(FileInterceptor('logo', { fileSize: UNIT_LOGO_MAX_BYTES, files: 1, fields: 2 }))
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, StorageErrorCode.STORAGE_UNAVAILABLE)
  @ApiErrors(HttpStatus.BAD_REQUEST, OrganizationErrorCode.UNIT_LOGO_INVALID)
  @ApiErrors(HttpStatus.NOT_FOUND, OrganizationErrorCode.UNIT_NOT_FOUND)
  @ApiErrors(HttpStatus.PAYLOAD_TOO_LARGE, OrganizationErrorCode.UNIT_LOGO_INVALID)
  @ApiErrors(HttpStatus.UNSUPPORTED_MEDIA_TYPE, OrganizationErrorCode.UNIT_LOGO_INVALID)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, OrganizationErrorCode.UNIT_LOGO_INVALID)
  put(@Param('id', ParseUUIDPipe) id: string, @UploadedFile() logo: UploadedLogo | undefined): Promise<UnitLogoView> {
    return this.logos.put(id, logo);
  }

  /** The unit's letterhead logo (PNG). */
  @Can('read', 'Unit')
  @Get()
  @ApiErrors(HttpStatus.NOT_FOUND, StorageErrorCode.OBJECT_NOT_FOUND, OrganizationErrorCode.UNIT_NOT_FOUND, OrganizationErrorCode.UNIT_LOGO_NOT_FOUND)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, StorageErrorCode.STORAGE_UNAVAILABLE)
  get(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Cache-Control', 'private, no-cache');
    return this.logos.get(id);
  }
}
