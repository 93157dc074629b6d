import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentAbility, CurrentPerson } from '../auth/auth.decorators';
import { PersonPrincipal } from '../auth/principal';
import type { AppAbility } from '../authz/ability.factory';
import { Can } from '../authz/policy.decorator';
import { CreateLetterDto, UpdateLetterDto } from './dto/create-letter.dto';
import { LetterListDto } from './dto/letter-list.dto';
import { LetterHistoryEntryDto, LetterViewDto } from './dto/letter-view.dto';
import { ListQuery } from './dto/list.query';
import { TransitionDto } from './dto/transition.dto';
import { LettersService } from './letters.service';

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
  create(@Body() dto: CreateLetterDto, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<LetterViewDto> {
    return this.letters.create(dto, person, ability);
  }

  /** The letter, its state, the events the caller may fire now, and its version. */
  @Get('letters/:id')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<LetterViewDto> {
    return this.letters.view(id, person, ability);
  }

  /** Revises a draft (konsep) in a state that allows it; each revision is kept. */
  @Patch('letters/:id')
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
  history(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility): Promise<LetterHistoryEntryDto[]> {
    return this.letters.history(id, ability);
  }

  /** Every saved version of the draft. */
  @Get('letters/:id/versions')
  versions(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility) {
    return this.letters.versions(id, ability);
  }
}
