import { Body, Controller, Get, Param, ParseUUIDPipe, Post, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPerson } from '../../auth/auth.decorators';
import type { PersonPrincipal } from '../../auth/principal';
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
  create(@Body() dto: CreateTransferDto, @CurrentPerson() person: PersonPrincipal): Promise<TransferDto> {
    return this.transfers.create(dto.berkasIds, person);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A transfer: its berkas and its package' })
  view(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal): Promise<TransferDto> {
    return this.transfers.view(id, person);
  }

  /** data/ (the PDFs, metadata.json, metadata.csv), manifest-sha256.txt and bagit.txt. */
  @Get(':id/package')
  @ApiProduces('application/zip')
  @ApiOperation({ summary: 'Download the transfer package (ZIP, BagIt-like)' })
  async package(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal): Promise<StreamableFile> {
    const { object, stream } = await this.transfers.package(id, person);
    return new StreamableFile(stream, { type: 'application/zip', length: object.size, disposition: contentDisposition(object.originalName) });
  }
}
