import { Module } from '@nestjs/common';
import { DispatchEmailService } from './dispatch-email.service';
import { DispatchController } from './dispatch.controller';
import { DispatchService } from './dispatch.service';

/** Daftar pengiriman: external recipients of sent letters, printable, and by e-mail when SMTP_ENABLED. */
@Module({
  controllers: [DispatchController],
  providers: [DispatchService, DispatchEmailService],
})
export class DispatchModule {}
