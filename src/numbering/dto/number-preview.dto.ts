import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { Sifat } from '../../records/letter.entity';
import { KEY_PATTERN } from '../numbering-config';

/** The letter facts a preview of the next number needs; a pattern and scope to try before saving them. */
export class NumberPreviewQuery {
  /** A letter type the format numbers; default: its first. */
  @IsOptional()
  @IsString()
  @Matches(KEY_PATTERN, { message: 'type must be a letter type such as surat-keluar' })
  type?: string;

  /** The unit numbered for (its issuing unit counts); needed when the format uses the unit. */
  @IsOptional()
  @IsUUID()
  unitId?: string;

  /** Needed when the format prints {klasifikasi} or counts per classification. */
  @IsOptional()
  @Matches(/^\d{3}(\.\d{1,3}){0,4}$/, { message: 'classificationCode must look like 000.8.3.3' })
  classificationCode?: string;

  @IsOptional()
  @IsEnum(Sifat)
  sifat?: Sifat;

  /** A pattern to try instead of the one in force. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  pattern?: string;

  /** A counter scope to try, comma-separated (e.g. `unit,year`). */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @IsString({ each: true })
  scope?: string[];
}

/** The number the next letter would get now; the counter is not moved. */
export class NumberPreviewDto {
  formatKey: string;
  pattern: string;
  type: string;
  /** The counter value the next number would carry. */
  sequence: number;
  number: string;
}
