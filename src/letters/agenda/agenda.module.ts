import { Module } from '@nestjs/common';
import { AgendaController } from './agenda.controller';
import { AgendaService } from './agenda.service';

/** Buku agenda: incoming and outgoing registers per unit and period, with CSV export. */
@Module({
  controllers: [AgendaController],
  providers: [AgendaService],
})
export class AgendaModule {}
