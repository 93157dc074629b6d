import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

export class CreateDispositionDto {
  /** Positions below the disposer's; one disposition each. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsUUID('all', { each: true })
  toPositionIds: string[];

  /** Keys from GET /api/v1/disposition-instructions (config/disposition.yaml). */
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  instructions: string[];

  /** Free-text instruction. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  /** Batas waktu tindak lanjut. */
  @IsOptional()
  @IsISO8601({ strict: true })
  dueAt?: string;

  /** Disposing further down: the disposition the caller received. Omitted for the addressee's own. */
  @IsOptional()
  @IsUUID()
  parentDispositionId?: string;
}

/** Laporan tindak lanjut; sent as JSON or multipart with an optional PDF `attachment`. */
export class ReportDispositionDto {
  @IsString()
  @MinLength(3)
  @MaxLength(4000)
  text: string;
}

export class GrantDto {
  /** The position given access to the letter. */
  @IsUUID()
  positionId: string;
}
