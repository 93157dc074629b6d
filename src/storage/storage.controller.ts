import { Controller, Get, HttpStatus, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { DOWNLOAD_ROUTE } from './download-url.signer';
import { SignedDownloadQuery } from './dto/signed-download.query';
import { contentDisposition } from './object-naming';
import { StorageService } from './storage.service';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { StorageErrorCode } from './storage.errors';

/** Downloads through links signed by StorageService.presignedUrl (fs driver). */
@ApiTags('storage')
@Controller(DOWNLOAD_ROUTE)
export class StorageController {
  constructor(private readonly storage: StorageService) {}

  /** The signature is the credential, hence no login; 403 when it is wrong or expired. */
  @Public()
  @Get(':id')
  @ApiErrors(HttpStatus.NOT_FOUND, StorageErrorCode.OBJECT_NOT_FOUND)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, StorageErrorCode.STORAGE_UNAVAILABLE)
  @ApiErrors(HttpStatus.FORBIDDEN, StorageErrorCode.PRESIGNED_URL_INVALID, StorageErrorCode.PRESIGNED_URL_EXPIRED)
  async download(
    @Param('id') id: string,
    @Query() query: SignedDownloadQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { object, stream } = await this.storage.openSignedDownload(id, query.expires, query.signature);
    res.header('ETag', `"${object.sha256}"`);
    // Letter PDFs and attachments: never kept by a proxy or on the browser's disk.
    res.header('Cache-Control', 'no-store, no-transform');
    return new StreamableFile(stream, {
      type: object.contentType,
      length: object.size,
      disposition: contentDisposition(object.originalName),
    });
  }
}
