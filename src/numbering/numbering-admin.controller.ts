import { Body, Controller, Get, HttpStatus, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPerson } from '../auth/auth.decorators';
import { PersonPrincipal } from '../records/principal';
import { CommonError, CommonErrorCode } from '../common/errors/app-error';
import { Role } from '../records/person.entity';
import { UpdateNumberFormatDto } from './dto/number-format.dto';
import { NumberPreviewDto, NumberPreviewQuery } from './dto/number-preview.dto';
import { EffectiveFormat, NumberFormatsService } from './number-formats.service';
import type { NumberingConfig } from './numbering-config';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { NumberingErrorCode } from './numbering.errors';
import { NumberingService } from './numbering.service';
import { OrganizationErrorCode } from '../organization/organization.errors';

type FormatView = Omit<EffectiveFormat, 'parsed'>;

/**
 * Admin API: the number formats in force. Admins only; the CASL subjects name no format, so
 * the role is checked here.
 */
@ApiTags('admin: numbering')
@ApiBearerAuth()
@Controller('api/v1/admin/numbering/formats')
export class NumberingAdminController {
  constructor(
    private readonly formats: NumberFormatsService,
    private readonly numbering: NumberingService,
  ) {}

  /** The formats (from the file, or as an admin changed them) and the codes their tokens print. */
  @Get()
  @ApiErrors(HttpStatus.FORBIDDEN, CommonErrorCode.FORBIDDEN)
  async list(@CurrentPerson() person: PersonPrincipal): Promise<Omit<NumberingConfig, 'formats'> & { formats: FormatView[] }> {
    assertAdmin(person);
    const { timeZone, sifatCodes, unitCodes, typeCodes, issuingUnits } = this.formats.settings;
    return { timeZone, sifatCodes, unitCodes, typeCodes, issuingUnits, formats: (await this.formats.list()).map(toView) };
  }

  /**
   * The number the next letter of the format would get now (the counter is read, not moved),
   * for the facts given; `pattern` and `scope` try a change before it is saved.
   */
  @Get(':key/preview')
  @ApiErrors(HttpStatus.FORBIDDEN, CommonErrorCode.FORBIDDEN)
  @ApiErrors(HttpStatus.NOT_FOUND, NumberingErrorCode.NUMBERING_FORMAT_NOT_FOUND)
  @ApiErrors(
    HttpStatus.UNPROCESSABLE_ENTITY,
    NumberingErrorCode.NUMBERING_FORMAT_INVALID,
    NumberingErrorCode.NUMBERING_TYPE_UNKNOWN,
    NumberingErrorCode.CLASSIFICATION_REQUIRED,
    NumberingErrorCode.UNIT_REQUIRED,
    OrganizationErrorCode.UNIT_NOT_FOUND,
  )
  preview(@Param('key') key: string, @Query() query: NumberPreviewQuery, @CurrentPerson() person: PersonPrincipal): Promise<NumberPreviewDto> {
    assertAdmin(person);
    return this.numbering.preview({ ...query, formatKey: key });
  }

  /** Changes a format's pattern and scope (422 NUMBERING_FORMAT_INVALID, 409 NUMBERING_FORMAT_IN_USE). */
  @Put(':key')
  @ApiErrors(HttpStatus.FORBIDDEN, CommonErrorCode.FORBIDDEN)
  @ApiErrors(HttpStatus.NOT_FOUND, NumberingErrorCode.NUMBERING_FORMAT_NOT_FOUND)
  @ApiErrors(HttpStatus.CONFLICT, NumberingErrorCode.NUMBERING_FORMAT_IN_USE)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, NumberingErrorCode.NUMBERING_FORMAT_INVALID)
  async update(@Param('key') key: string, @Body() dto: UpdateNumberFormatDto, @CurrentPerson() person: PersonPrincipal): Promise<FormatView> {
    assertAdmin(person);
    return toView(await this.formats.update(key, dto, person.personId));
  }
}

function assertAdmin(person: PersonPrincipal): void {
  if (!person.roles.includes(Role.Admin)) throw CommonError.forbidden('Only an admin manages number formats');
}

const toView = ({ parsed: _parsed, ...format }: EffectiveFormat): FormatView => format;
