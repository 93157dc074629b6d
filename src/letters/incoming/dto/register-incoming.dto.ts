import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { Sifat, Urgency } from '../../../records/letter.entity';

const toBool = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);

/**
 * Metadata of a surat masuk, sent as multipart form fields next to the scanned PDF (field `scan`).
 */
export class RegisterIncomingDto {
  /** Pengirim: the sending body or person. */
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  senderName: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  senderAddress?: string;

  /** Nomor surat of the sender, as printed on the letter. */
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  senderNumber: string;

  /** Tanggal surat of the sender (YYYY-MM-DD). */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'senderDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'senderDate must be a real calendar date' })
  senderDate: string;

  /** When TU received it; defaults to now. */
  @IsOptional()
  @IsISO8601({ strict: true })
  receivedAt?: string;

  /** Perihal. */
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  subject: string;

  @IsOptional()
  @IsIn(Object.values(Sifat))
  sifat?: Sifat;

  @IsOptional()
  @IsIn(Object.values(Urgency))
  urgency?: Urgency;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  classificationCode?: string;

  /** The position the letter is addressed to (usually the Kepala Dinas). */
  @IsUUID()
  addresseePositionId: string;

  /** The registrar's position to register as, when they hold several. */
  @IsOptional()
  @IsUUID()
  asPositionId?: string;

  /** Register even though the same sender number and date is already on the agenda. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  confirmDuplicate?: boolean;
}
