import { Body, Controller, Get, HttpStatus, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPerson } from '../auth/auth.decorators';
import { PersonPrincipal } from '../records/principal';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { NotificationPreferencesDto, UpdateNotificationPreferencesDto } from './dto/notification-preferences.dto';
import { NotificationErrorCode } from './notifications.errors';
import { NotificationPreferencesService } from './notification-preferences.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/me/notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  /** The caller's choices per kind of notice and channel (the defaults until they choose), their contact and the channels offered. */
  @Get()
  get(@CurrentPerson() person: PersonPrincipal): Promise<NotificationPreferencesDto> {
    return this.preferences.get(person.personId);
  }

  /** Replaces the caller's choices, the daily digest and (when given) their WhatsApp number. */
  @Put()
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, NotificationErrorCode.EMAIL_ADDRESS_MISSING, NotificationErrorCode.PHONE_NUMBER_MISSING, NotificationErrorCode.CHANNEL_NOT_AVAILABLE)
  put(@CurrentPerson() person: PersonPrincipal, @Body() dto: UpdateNotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    return this.preferences.put(person.personId, dto);
  }
}
