import { Module } from '@nestjs/common';
import { DispatchController } from './dispatch.controller';
import { DispatchService } from './dispatch.service';

/** Daftar pengiriman: external recipients of sent letters, printable. */
@Module({
  controllers: [DispatchController],
  providers: [DispatchService],
})
export class DispatchModule {}
