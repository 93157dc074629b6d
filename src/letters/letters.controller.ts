import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentAbility, CurrentPerson } from '../auth/auth.decorators';
import { PersonPrincipal } from '../records/principal';
import type { AppAbility } from '../authz/ability.factory';
import { Can } from '../authz/policy.decorator';
import { CreateLetterDto, UpdateLetterDto } from './dto/create-letter.dto';
import { LetterListDto } from './dto/letter-list.dto';
import { LetterHistoryEntryDto, LetterViewDto } from './dto/letter-view.dto';
import { ListQuery } from './access/dto/list.query';
import { TransitionDto } from './dto/transition.dto';
import { LettersService } from './letters.service';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { NumberingErrorCode } from '../numbering/numbering.errors';
import { WorkflowErrorCode } from '../workflow/engine/workflow.errors';
import { StorageErrorCode } from '../storage/storage.errors';
import { SigningErrorCode } from '../documents/signing.errors';
import { LetterErrorCode } from './access/letters.errors';
import { DocumentErrorCode } from '../documents/documents.errors';
import { CommonErrorCode } from '../common/errors/app-error';

@ApiTags('letters')
@ApiBearerAuth()
@Controller('api/v1')
export class LettersController {
  constructor(private readonly letters: LettersService) {}

  /** Letters the caller may see, newest first; filters by kind, state, words of the subject, and TU's letters to send or file. */
  @Get('letters')
  list(@CurrentPerson() person: PersonPrincipal, @Query() q: ListQuery): Promise<LetterListDto> {
    return this.letters.list(person, q);
  }

  /** Drafts an outgoing letter or nota dinas. */
  @Can('create', 'Letter')
  @Post('letters')
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, LetterErrorCode.LETTER_TYPE_UNKNOWN, LetterErrorCode.NOT_YOUR_POSITION, LetterErrorCode.NO_POSITION, LetterErrorCode.POSITION_NOT_FOUND, LetterErrorCode.SIGNER_NOT_ALLOWED, LetterErrorCode.CLASSIFICATION_NOT_FOUND, LetterErrorCode.SIGNATURE_MARK_INVALID, WorkflowErrorCode.ROUTE_INVALID, WorkflowErrorCode.ROUTE_EMPTY)
  create(@Body() dto: CreateLetterDto, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<LetterViewDto> {
    return this.letters.create(dto, person, ability);
  }

  /** The letter, its state, the events the caller may fire now, and its version. */
  @Get('letters/:id')
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<LetterViewDto> {
    return this.letters.view(id, person, ability);
  }

  /** Revises a draft (konsep) in a state that allows it; each revision is kept. */
  @Patch('letters/:id')
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, CommonErrorCode.VERSION_CONFLICT)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, LetterErrorCode.NOT_EDITABLE, LetterErrorCode.CLASSIFICATION_NOT_FOUND, LetterErrorCode.POSITION_NOT_FOUND, LetterErrorCode.SIGNER_NOT_ALLOWED, LetterErrorCode.SIGNATURE_MARK_INVALID, WorkflowErrorCode.ROUTE_INVALID, WorkflowErrorCode.ROUTE_NOT_EDITABLE)
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateLetterDto,
    @CurrentPerson() person: PersonPrincipal,
    @CurrentAbility() ability: AppAbility,
  ): Promise<LetterViewDto> {
    return this.letters.update(id, dto, person, ability);
  }

  /** Applies a workflow event. 409 VERSION_CONFLICT on a stale version, 422 when not allowed now, 403 when not the caller's to fire. */
  @Post('letters/:id/transitions')
  @HttpCode(200)
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  @ApiErrors(HttpStatus.BAD_REQUEST, SigningErrorCode.SIGNING_PASSPHRASE_REQUIRED)
  @ApiErrors(HttpStatus.FORBIDDEN, WorkflowErrorCode.ACTOR_NOT_ALLOWED, SigningErrorCode.SIGNING_NOT_ALLOWED, DocumentErrorCode.WRONG_PASSPHRASE)
  @ApiErrors(HttpStatus.CONFLICT, CommonErrorCode.VERSION_CONFLICT, NumberingErrorCode.NUMBER_TAKEN)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, WorkflowErrorCode.TRANSITION_NOT_ALLOWED, WorkflowErrorCode.UNKNOWN_EVENT, WorkflowErrorCode.GUARD_REFUSED, WorkflowErrorCode.NOTE_REQUIRED, WorkflowErrorCode.ROUTE_EMPTY, WorkflowErrorCode.PLUGIN_REFUSED, SigningErrorCode.NOTHING_TO_SIGN, SigningErrorCode.SIGNING_CERTIFICATE_NOT_FOUND, NumberingErrorCode.NUMBERING_TYPE_UNKNOWN, DocumentErrorCode.SIGNING_KEY_INVALID, DocumentErrorCode.SIGNING_CERTIFICATE_INVALID, DocumentErrorCode.BSRE_NOT_REGISTERED, DocumentErrorCode.BSRE_NO_CERTIFICATE, DocumentErrorCode.BSRE_REJECTED)
  @ApiErrors(HttpStatus.LOCKED, SigningErrorCode.SIGNER_LOCKED)
  @ApiErrors(HttpStatus.FAILED_DEPENDENCY, DocumentErrorCode.BSRE_BAD_RESPONSE, DocumentErrorCode.BSRE_CLIENT_AUTH_FAILED, DocumentErrorCode.BSRE_UNAVAILABLE, DocumentErrorCode.BSRE_TIMEOUT)
  @ApiErrors(HttpStatus.SERVICE_UNAVAILABLE, CommonErrorCode.SERVER_BUSY, StorageErrorCode.STORAGE_UNAVAILABLE)
  transition(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: TransitionDto,
    @CurrentPerson() person: PersonPrincipal,
    @CurrentAbility() ability: AppAbility,
  ): Promise<LetterViewDto> {
    return this.letters.transition(id, dto, person, ability);
  }

  /** Every transition: who (and as which position: holder, Plt, Plh), when, from, to, comment. */
  @Get('letters/:id/history')
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  history(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility): Promise<LetterHistoryEntryDto[]> {
    return this.letters.history(id, ability);
  }

  /** Every saved version of the draft. */
  @Get('letters/:id/versions')
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  versions(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility) {
    return this.letters.versions(id, ability);
  }
}
