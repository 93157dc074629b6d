import { Module } from '@nestjs/common';
import { HttpWhatsAppGateway, WhatsAppGateway } from './channels/whatsapp.gateway';
import { NotificationDeliveryService } from './notification-delivery.service';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationStreamService } from './notification-stream.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** The bell (notices of the caller's positions, read marks, the live count) and notices by e-mail and WhatsApp. */
@Module({
  controllers: [NotificationsController, NotificationPreferencesController],
  providers: [
    NotificationsService,
    NotificationStreamService,
    NotificationPreferencesService,
    NotificationDeliveryService,
    { provide: WhatsAppGateway, useClass: HttpWhatsAppGateway },
  ],
  exports: [NotificationStreamService],
})
export class NotificationsModule {}
