import { Module } from '@nestjs/common';
import { NotificationsModule } from '../../notifications/notifications.module';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';

/** The desk: the inbox, the Beranda's counters and read marks. */
@Module({
  imports: [NotificationsModule],
  controllers: [InboxController],
  providers: [InboxService],
})
export class InboxModule {}
