import { Module } from '@nestjs/common';
import { NotificationStreamService } from './notification-stream.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** The bell: notices of the caller's positions, their read marks, and the live unread count. */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationStreamService],
  exports: [NotificationStreamService],
})
export class NotificationsModule {}
