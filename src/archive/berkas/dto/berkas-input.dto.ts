import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { BerkasStatus, DevelopmentLevel } from '../../../records/berkas.entity';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Letters filed in one request at most. */
export const MAX_LETTERS_PER_REQUEST = 200;

export class CreateBerkasDto {
  /** Unit pengolah; defaults to the unit of the caller's first position. */
  @IsOptional()
  @IsUUID()
  unitId?: string;

  /** A code of the classification list; the berkas copies its JRA retention. */
  @IsString()
  @MaxLength(50)
  classificationCode: string;

  /** Uraian. */
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title: string;

  @IsOptional()
  @Matches(DATE, { message: 'periodFrom must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'periodFrom must be a real calendar date' })
  periodFrom?: string;

  @IsOptional()
  @Matches(DATE, { message: 'periodTo must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'periodTo must be a real calendar date' })
  periodTo?: string;

  /** Lokasi simpan. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  location?: string;

  @IsOptional()
  @IsEnum(DevelopmentLevel)
  developmentLevel?: DevelopmentLevel;

  /** Letters to file at once (each visible to the caller, none filed elsewhere). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LETTERS_PER_REQUEST)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  letterIds?: string[];
}

export class UpdateBerkasDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title?: string;

  @IsOptional()
  @Matches(DATE, { message: 'periodFrom must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'periodFrom must be a real calendar date' })
  periodFrom?: string;

  @IsOptional()
  @Matches(DATE, { message: 'periodTo must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'periodTo must be a real calendar date' })
  periodTo?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  location?: string;

  @IsOptional()
  @IsEnum(DevelopmentLevel)
  developmentLevel?: DevelopmentLevel;

  /** The day the trigger happened (tidak berlaku, dipertanggungjawabkan, diaudit, perkara selesai); starts the clock of a closed berkas. */
  @IsOptional()
  @Matches(DATE, { message: 'triggerOccurredOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'triggerOccurredOn must be a real calendar date' })
  triggerOccurredOn?: string;
}

export class AddBerkasItemsDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LETTERS_PER_REQUEST)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  letterIds: string[];
}

export class CloseBerkasDto {
  /** For triggers the archivist records: the day it happened, when already known. */
  @IsOptional()
  @Matches(DATE, { message: 'triggerOccurredOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'triggerOccurredOn must be a real calendar date' })
  triggerOccurredOn?: string;
}

export class MoveToInactiveDto {
  /** The new lokasi simpan (the records centre), if it moves. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  location?: string;
}

export class LegalHoldInputDto {
  /** Why the berkas is held (a case, an audit), or why the hold is lifted. */
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

export class BerkasListQuery {
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @IsOptional()
  @IsEnum(BerkasStatus)
  status?: BerkasStatus;

  /** A code prefix: 800 finds 800.1.4. */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  classificationCode?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  offset?: number;
}

export const DUE_KINDS = ['inaktif', 'musnah', 'serah', 'dinilai_kembali'] as const;
export type DueKind = (typeof DUE_KINDS)[number];

export class DueQuery {
  /** inaktif: active retention over; musnah / serah / dinilai_kembali: inactive retention over with that final disposition. */
  @IsIn(DUE_KINDS)
  kind: DueKind;

  /** The day to compute for (YYYY-MM-DD, WIB); defaults to today. A later day shows what falls due by then. */
  @IsOptional()
  @Matches(DATE, { message: 'asOf must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'asOf must be a real calendar date' })
  asOf?: string;

  @IsOptional()
  @IsUUID()
  unitId?: string;
}
