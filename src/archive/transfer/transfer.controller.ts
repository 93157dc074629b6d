import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPerson } from '../../auth/auth.decorators';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { StorageErrorCode } from '../../storage/storage.errors';
import { ArchiveErrorCode } from '../archive.errors';
import { DisposalErrorCode } from '../disposal/disposal.errors';
import type { PersonPrincipal } from '../../records/principal';
import { contentDisposition } from '../../storage/object-naming';
import { CreateTransferDto, TransferDto } from './dto/transfer.dto';
import { TransferService } from './transfer.service';

@ApiTags('archive')
@ApiBearerAuth()
@Controller('api/v1/archive/transfers')
export class TransferController {
  constructor(private readonly transfers: TransferService) {}

  @Post()
  @ApiOperation({ summary: 'Build the transfer (serah) package of permanent berkas due for transfer, and mark them transferred' })
  @ApiErrors(HttpStatus.BAD_REQUEST, DisposalErrorCode.DUPLICATE_BERKAS)
  @ApiErrors(HttpStatus.FORBIDDEN, DisposalErrorCode.ARCHIVIST_ONLY)
  @ApiErrors(HttpStatus.NOT_FOUND, ArchiveErrorCode.BERKAS_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, ArchiveErrorCode.LEGAL_HOLD)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, DisposalErrorCode.BERKAS_NOT_DUE)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, StorageErrorCode.STORAGE_UNAVAILABLE)
  create(@Body() dto: CreateTransferDto, @CurrentPerson() person: PersonPrincipal): Promise<TransferDto> {
    return this.transfers.create(dto.berkasIds, person);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A transfer: its berkas and its package' })
  @ApiErrors(HttpStatus.FORBIDDEN, DisposalErrorCode.ARCHIVIST_ONLY)
  @ApiErrors(HttpStatus.NOT_FOUND, DisposalErrorCode.TRANSFER_NOT_FOUND)
  view(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal): Promise<TransferDto> {
    return this.transfers.view(id, person);
  }

  /** data/ (the PDFs, metadata.json, metadata.csv), manifest-sha256.txt and bagit.txt. */
  @Get(':id/package')
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The package, ZIP.', schema: { type: 'string', format: 'binary' } })
  @ApiOperation({ summary: 'Download the transfer package (ZIP, BagIt-like)' })
  @ApiErrors(HttpStatus.FORBIDDEN, DisposalErrorCode.ARCHIVIST_ONLY)
  @ApiErrors(HttpStatus.NOT_FOUND, DisposalErrorCode.TRANSFER_NOT_FOUND, StorageErrorCode.OBJECT_NOT_FOUND)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, StorageErrorCode.STORAGE_UNAVAILABLE)
  async package(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal): Promise<StreamableFile> {
    const { object, stream } = await this.transfers.package(id, person);
    return new StreamableFile(stream, { type: 'application/zip', length: object.size, disposition: contentDisposition(object.originalName) });
  }
}
