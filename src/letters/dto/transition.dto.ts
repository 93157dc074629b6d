import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, Min } from 'class-validator';

export class TransitionDto {
  /** The workflow event: `submit`, `approve` (paraf), `return`, `sign`, `reject`... */
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'event must be a workflow event name' })
  event: string;

  /** The letter's `version` the caller saw; a stale one gets 409 VERSION_CONFLICT. */
  @IsInt()
  @Min(1)
  version: number;

  /** Catatan: required by `return` and `reject`. */
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  comment?: string;

  /** The position acted as, when the caller holds or stands in for several on this step. */
  @IsOptional()
  @IsUUID()
  asPositionId?: string;

  /** Passphrase for a signing event: used once, never stored or logged. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  passphrase?: string;

  /** One-time code instead of a passphrase, for signers whose provider uses TOTP (BSrE). */
  @IsOptional()
  @Matches(/^\d{6,8}$/, { message: 'totp must be 6 to 8 digits' })
  totp?: string;
}

