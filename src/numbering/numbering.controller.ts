import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentAbility, CurrentPerson } from '../auth/auth.decorators';
import { PersonPrincipal } from '../records/principal';
import type { AppAbility } from '../authz/ability.factory';
import { Can } from '../authz/policy.decorator';
import { CancelReservationDto, CreateReservationDto, ReservationsQuery } from './dto/reservation.dto';
import { NumberingService, ReservationView } from './numbering.service';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { OrganizationErrorCode } from '../organization/organization.errors';
import { CommonErrorCode } from '../common/errors/app-error';
import { NumberingErrorCode } from './numbering.errors';
import { LetterErrorCode } from '../letters/access/letters.errors';

/** Ambil nomor: reserving letter numbers ahead of signing. */
@ApiTags('numbering')
@ApiBearerAuth()
@Controller('api/v1/numbering/reservations')
export class NumberingController {
  constructor(private readonly numbering: NumberingService) {}

  /** Reserves the next number; those who draft letters (staff, officials) may. */
  @Can('create', 'Letter')
  @Post()
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  @ApiErrors(HttpStatus.FORBIDDEN, CommonErrorCode.FORBIDDEN, NumberingErrorCode.UNIT_NOT_ALLOWED)
  @ApiErrors(HttpStatus.CONFLICT, NumberingErrorCode.LETTER_ALREADY_NUMBERED, NumberingErrorCode.RESERVATION_EXISTS, NumberingErrorCode.NUMBER_TAKEN)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, NumberingErrorCode.RESERVATION_LETTER_MISMATCH, NumberingErrorCode.NUMBERING_TYPE_UNKNOWN, OrganizationErrorCode.UNIT_NOT_FOUND)
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
  @ApiErrors(HttpStatus.NOT_FOUND, NumberingErrorCode.RESERVATION_NOT_FOUND)
  @ApiErrors(HttpStatus.FORBIDDEN, CommonErrorCode.FORBIDDEN)
  @ApiErrors(HttpStatus.CONFLICT, NumberingErrorCode.RESERVATION_NOT_ACTIVE)
  cancel(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CancelReservationDto, @CurrentPerson() person: PersonPrincipal): Promise<ReservationView> {
    return this.numbering.cancel(id, dto.reason, person);
  }
}
