import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentAbility, CurrentPerson } from '../../auth/auth.decorators';
import { PersonPrincipal } from '../../auth/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { ApiUpload } from '../../common/openapi/api-upload.decorator';
import { DispositionInstructions } from './disposition-instructions';
import { DispositionsService, UploadedAttachment } from './dispositions.service';
import { CreateDispositionDto, GrantDto, ReportDispositionDto } from './dto/disposition.dto';
import { DispositionInstructionDto, DispositionTreeDto, DispositionViewDto } from './dto/disposition-view.dto';
import { LetterGrantsService } from './letter-grants.service';

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
  tree(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<DispositionTreeDto> {
    return this.dispositions.tree(id, person, ability);
  }

  /** Read receipt by the recipient. */
  @Post('dispositions/:id/read')
  @HttpCode(200)
  read(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<DispositionViewDto> {
    return this.dispositions.read(id, person, ability);
  }

  /** Recalls a disposition the recipient has not read (409 ALREADY_READ otherwise). */
  @Post('dispositions/:id/recall')
  @HttpCode(200)
  recall(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<DispositionViewDto> {
    return this.dispositions.recall(id, person, ability);
  }

  /** Laporan tindak lanjut: JSON `{ text }`, or multipart with `text` and an optional PDF `attachment`. */
  @Post('dispositions/:id/report')
  @HttpCode(200)
  @ApiUpload('attachment', { fields: ReportDispositionDto, required: false, json: true })
  @UseInterceptors(FileInterceptor('attachment'))
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
  reportAttachment(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    return this.dispositions.reportAttachment(id, ability);
  }

  /** The recipient marks their branch done. */
  @Post('dispositions/:id/done')
  @HttpCode(200)
  done(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<DispositionViewDto> {
    return this.dispositions.done(id, person, ability);
  }

  /** Positions explicitly given access to the letter. */
  @Get('letters/:id/grants')
  grantList(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility) {
    return this.grants.list(id, ability);
  }

  /** Gives a position access to the letter (drafter or addressee only); how a Rahasia letter reaches someone off its route. */
  @Post('letters/:id/grants')
  grant(@Param('id', ParseUUIDPipe) id: string, @Body() dto: GrantDto, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility) {
    return this.grants.grant(id, dto.positionId, person, ability);
  }

  @Delete('letters/:id/grants/:positionId')
  revoke(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('positionId', ParseUUIDPipe) positionId: string,
    @CurrentPerson() person: PersonPrincipal,
    @CurrentAbility() ability: AppAbility,
  ) {
    return this.grants.revoke(id, positionId, person, ability);
  }
}
