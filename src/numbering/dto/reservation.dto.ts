import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { Sifat } from '../../records/letter.entity';
import { ListQuery } from '../../letters/access/dto/list.query';
import { LetterNumberStatus } from '../../records/letter-number.entity';
import { KEY_PATTERN } from '../numbering-config';

/** Ambil nomor: reserve the next number of a letter type now. */
export class CreateReservationDto {
  /** Jenis naskah (workflow key), e.g. `surat-keluar`; it picks the number format. */
  @IsString()
  @Matches(KEY_PATTERN, { message: 'type must be a letter type such as surat-keluar' })
  type: string;

  /** Kode klasifikasi arsip, e.g. `000.8.3.3`. */
  @Matches(/^\d{3}(\.\d{1,3}){0,4}$/, { message: 'classificationCode must look like 000.8.3.3' })
  classificationCode: string;

  /** The unit to number for (its issuing unit counts); default: the unit of the caller's first position. */
  @IsOptional()
  @IsUUID()
  unitId?: string;

  /** A letter the caller drafted: the number becomes its number when it is signed. */
  @IsOptional()
  @IsUUID()
  letterId?: string;

  /** For formats with {sifat}; default `biasa`, or the letter's. */
  @IsOptional()
  @IsEnum(Sifat)
  sifat?: Sifat;
}

export class CancelReservationDto {
  /** Why the number is not used (alasan pembatalan); kept with the cancelled number. */
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class ReservationsQuery extends ListQuery {
  /** Only the caller's reservations (an admin otherwise sees everyone's). */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  mine?: boolean;

  @IsOptional()
  @IsEnum(LetterNumberStatus)
  status?: LetterNumberStatus;
}
