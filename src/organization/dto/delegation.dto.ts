import { IsDateString, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DelegationKind } from '../../records/delegation.entity';

export class CreateDelegationDto {
  /** `plt` when the position is vacant, `plh` when its holder is away. */
  @IsEnum(DelegationKind)
  kind: DelegationKind;

  /** Who acts. */
  @IsUUID()
  personId: string;

  /** The position acted for. */
  @IsUUID()
  positionId: string;

  @IsDateString()
  startsAt: string;

  @IsDateString()
  endsAt: string;

  /** Nomor surat perintah, or a short reason. */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  reason?: string;
}
