import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentAbility, CurrentPerson } from '../../auth/auth.decorators';
import { PersonPrincipal } from '../../records/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { NotificationStreamService } from '../../notifications/notification-stream.service';
import { InboxOpenedDto, InboxPageDto, InboxQuery, InboxSummaryDto } from './dto/inbox.dto';
import { InboxService } from './inbox.service';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { LetterErrorCode } from '../access/letters.errors';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('api/v1/inbox')
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly stream: NotificationStreamService,
  ) {}

  /** What waits for the caller (review, sign, approve, revise, dispose, follow_up, read, send), newest first, with counts by kind. */
  @Get()
  page(@CurrentPerson() person: PersonPrincipal, @Query() q: InboxQuery): Promise<InboxPageDto> {
    return this.inbox.page(person, q);
  }

  /** The Beranda's counters; each equals the `total` of `GET /inbox?view=<counter>`. */
  @Get('summary')
  summary(@CurrentPerson() person: PersonPrincipal): Promise<InboxSummaryDto> {
    return this.inbox.summary(person);
  }

  /** The caller opened the letter: their items on it and its notifications count as read. 404 for a letter they may not see. */
  @Post('letters/:id/read')
  @HttpCode(200)
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  async opened(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<InboxOpenedDto> {
    const marked = await this.inbox.markOpened(id, person, ability);
    if (marked.notifications > 0) this.stream.changed(person.personId);
    return marked;
  }
}
