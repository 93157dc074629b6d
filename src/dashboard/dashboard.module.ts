import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

/** Dasbor: aggregate figures on letters, review and signing times, overdue work and dispositions, for pimpinan and admins, with CSV. */
@Module({
  controllers: [DashboardController],
  providers: [DashboardService],
})
export class DashboardModule {}
