import { PartialType } from '@nestjs/swagger';
import { IsBoolean, IsDateString, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export class CreatePositionDto {
  /** Stable code, e.g. `KADIS-KOMINFO`. */
  @IsString()
  @Matches(/^[A-Za-z0-9.\-_]{1,50}$/, { message: 'code may hold letters, digits, dots, dashes and underscores (1-50)' })
  code: string;

  /** Jabatan, e.g. "Kepala Dinas Komunikasi dan Informatika". */
  @IsString()
  @Length(2, 200)
  name: string;

  @IsUUID()
  unitId: string;

  /** The position above (atasan). */
  @IsOptional()
  @IsUUID()
  superiorId?: string | null;

  @IsOptional()
  @IsBoolean()
  isHead?: boolean;

  @IsOptional()
  @IsBoolean()
  canSign?: boolean;
}

export class UpdatePositionDto extends PartialType(CreatePositionDto) {}

export class AssignHolderDto {
  @IsUUID()
  personId: string;

  /** First day in the position; today when left out. */
  @IsOptional()
  @IsDateString({ strict: true })
  startedOn?: string;
}
