import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentAbility, CurrentPerson } from '../auth/auth.decorators';
import { PersonPrincipal } from '../auth/principal';
import type { AppAbility } from '../authz/ability.factory';
import { Can } from '../authz/policy.decorator';
import { CancelReservationDto, CreateReservationDto, ReservationsQuery } from './dto/reservation.dto';
import { NumberingService, ReservationView } from './numbering.service';

/** Ambil nomor: reserving letter numbers ahead of signing. */
@ApiTags('numbering')
@ApiBearerAuth()
@Controller('api/v1/numbering/reservations')
export class NumberingController {
  constructor(private readonly numbering: NumberingService) {}

  /** Reserves the next number; those who draft letters (staff, officials) may. */
  @Can('create', 'Letter')
  @Post()
  reserve(@Body() dto: CreateReservationDto, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility): Promise<ReservationView> {
    return this.numbering.reserve(dto, person, ability);
  }

  /** The caller's reservations (an admin's: everyone's unless `mine=true`), newest first. */
  @Get()
  list(@Query() query: ReservationsQuery, @CurrentPerson() person: PersonPrincipal) {
    return this.numbering.reservations(query, person);
  }

  /** Cancels a reservation (the reserver or an admin); the number stays recorded as cancelled. */
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CancelReservationDto, @CurrentPerson() person: PersonPrincipal): Promise<ReservationView> {
    return this.numbering.cancel(id, dto.reason, person);
  }
}
