import { PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Sifat, Urgency } from '../../records/letter.entity';

export class RouteStepDto {
  /** One position, or several for a parallel group. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  positionIds: string[];

  /** For a group: `all` (default), `any`, or `n_of_m` with `n`. */
  @IsOptional()
  @IsIn(['all', 'any', 'n_of_m'])
  mode?: 'all' | 'any' | 'n_of_m';

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  n?: number;
}

export class ExternalRecipientDto {
  @IsString()
  @Length(2, 200)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  email?: string;
}

/** One row of a surat undangan's event table: Hari/Tanggal, Pukul, Tempat, Acara... */
export class EventDetailDto {
  /** The row's label, e.g. `Hari/Tanggal`. */
  @IsString()
  @Length(1, 40)
  @Matches(/^[^<>]*$/, { message: 'event labels are plain text: < and > are not allowed' })
  label: string;

  /** What is printed after the colon, e.g. `Senin, 7 Desember 2026`. */
  @IsString()
  @Length(1, 500)
  @Matches(/^[^<>]*$/, { message: 'event values are plain text: < and > are not allowed' })
  value: string;
}

export class LetterBodyDto {
  /** Paragraphs of the letter, plain text (no HTML). */
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(10_000, { each: true })
  @Matches(/^[^<>]*$/, { each: true, message: 'paragraphs are plain text: < and > are not allowed' })
  paragraphs: string[];

  /** Surat undangan: the event table printed after the paragraphs (Hari/Tanggal, Pukul, Tempat, Acara). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => EventDetailDto)
  eventDetails?: EventDetailDto[];

  /** Surat undangan: the closing paragraphs (penutup) printed after the event table; plain text. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(10_000, { each: true })
  @Matches(/^[^<>]*$/, { each: true, message: 'closing paragraphs are plain text: < and > are not allowed' })
  closing?: string[];

  /** Lampiran line, e.g. "1 (satu) berkas". */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lampiran?: string;
}

/**
 * a.n. (atas nama) / u.b. (untuk beliau) on the first signer's block: the signer signs on
 * behalf of a superior position; with u.b., through the a.n. position in between (`viaPositionId`).
 */
export class SignatureMarkDto {
  @IsIn(['an', 'ub'])
  kind: 'an' | 'ub';

  /** The superior position the letter is signed on behalf of. */
  @IsUUID()
  onBehalfOfPositionId: string;

  /** u.b. only: the position between the signer and the superior (who signs a.n. the superior). */
  @IsOptional()
  @IsUUID()
  viaPositionId?: string;
}

export class CreateLetterDto {
  /** Jenis naskah, which names its workflow: `surat-keluar`, `nota-dinas` or `surat-undangan`. */
  @IsIn(['surat-keluar', 'nota-dinas', 'surat-undangan'])
  type: string;

  /** Perihal (hal). */
  @IsString()
  @Length(3, 500)
  subject: string;

  @IsOptional()
  @IsEnum(Sifat)
  sifat?: Sifat;

  @IsOptional()
  @IsEnum(Urgency)
  urgency?: Urgency;

  /** Kode klasifikasi arsip, e.g. `000.8.3.3`. */
  @IsOptional()
  @Matches(/^\d{3}(\.\d{1,3}){0,4}$/, { message: 'classificationCode must look like 000.8.3.3' })
  classificationCode?: string;

  @ValidateNested()
  @Type(() => LetterBodyDto)
  body: LetterBodyDto;

  /** Internal recipients (positions). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  recipientPositionIds?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ExternalRecipientDto)
  externalRecipients?: ExternalRecipientDto[];

  /** Tembusan (carbon copies): positions. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  tembusanPositionIds?: string[];

  /** Paraf berjenjang, in order. */
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RouteStepDto)
  reviewers: RouteStepDto[];

  /** Penandatangan, in order (co-signed letters have several). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => RouteStepDto)
  signers: RouteStepDto[];

  /** a.n./u.b. mark on the first signer's block; only for letter types that allow it (see LettersService). */
  @IsOptional()
  @ValidateNested()
  @Type(() => SignatureMarkDto)
  signatureMark?: SignatureMarkDto;

  /** The position the drafter writes as, when they hold several. */
  @IsOptional()
  @IsUUID()
  asPositionId?: string;
}

/** Revising a draft: the content and routes; the version the change was made on is required. */
export class UpdateLetterDto extends PartialType(
  PickType(CreateLetterDto, ['subject', 'sifat', 'urgency', 'classificationCode', 'body', 'recipientPositionIds', 'externalRecipients', 'tembusanPositionIds', 'reviewers', 'signers', 'signatureMark'] as const),
) {
  @IsInt()
  @Min(1)
  version: number;
}
