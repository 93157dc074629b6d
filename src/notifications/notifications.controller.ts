import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { CurrentPerson } from '../auth/auth.decorators';
import { PersonPrincipal } from '../records/principal';
import { NotificationCountDto, NotificationListDto, NotificationListQuery } from './dto/notification.dto';
import { NotificationStreamService, UnreadEvent } from './notification-stream.service';
import { NotificationsService } from './notifications.service';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { NotificationErrorCode } from './notifications.errors';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly stream: NotificationStreamService,
  ) {}

  /** The newest notices of the caller's positions and their unread count. */
  @Get()
  list(@CurrentPerson() person: PersonPrincipal, @Query() q: NotificationListQuery): Promise<NotificationListDto> {
    return this.notifications.list(person, q.limit);
  }

  /** The unread count alone: the bell's fallback when Server-Sent Events are not available. */
  @Get('unread-count')
  async unread(@CurrentPerson() person: PersonPrincipal): Promise<NotificationCountDto> {
    return { unread: await this.notifications.unreadCount(person) };
  }

  /**
   * Server-Sent Events: `data: {"unread": n}` at once and whenever the count changes. Left out
   * of the OpenAPI document: it never ends, so it is no request/response operation to type or fuzz.
   */
  @ApiExcludeEndpoint()
  @Sse('stream')
  follow(@CurrentPerson() person: PersonPrincipal): Observable<UnreadEvent> {
    return this.stream.follow(person);
  }

  /** Marks every notice of the caller read. */
  @Post('read')
  @HttpCode(200)
  async readAll(@CurrentPerson() person: PersonPrincipal): Promise<NotificationCountDto> {
    await this.notifications.markAllRead(person);
    this.stream.changed(person.personId);
    return { unread: 0 };
  }

  /** Marks one notice read. */
  @Post(':id/read')
  @HttpCode(200)
  @ApiErrors(HttpStatus.NOT_FOUND, NotificationErrorCode.NOTIFICATION_NOT_FOUND)
  async read(@CurrentPerson() person: PersonPrincipal, @Param('id') id: string): Promise<NotificationCountDto> {
    await this.notifications.markRead(person, id);
    this.stream.changed(person.personId);
    return { unread: await this.notifications.unreadCount(person) };
  }
}
