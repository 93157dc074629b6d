import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Transform, Type } from 'class-transformer';

export class DirectoryQuery {
  /** Words of the jabatan, the unit, the holder's name or the position code; empty lists every position. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  /** Only positions that may sign (for the Penandatangan picker). */
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  canSign?: boolean;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

/** The Plt/Plh who acts for a position now. */
export class DirectoryDelegateDto {
  kind: 'plt' | 'plh';
  name: string;
}

/** A position as the pickers of the draft form show it: jabatan, unit, who holds it today. */
export class DirectoryEntryDto {
  positionId: string;
  code: string;
  /** Jabatan. */
  name: string;
  unitName: string;
  superiorId: string | null;
  canSign: boolean;
  isHead: boolean;
  /** Today's holder, null when vacant. */
  holderName: string | null;
  delegate: DirectoryDelegateDto | null;
}
