import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsEmail, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested, ArrayMaxSize } from 'class-validator';

export class LetterheadDto {
  /** Lines of the kop surat, top to bottom, e.g. ["PEMERINTAH KOTA PEKALONGAN", "DINAS KOMUNIKASI DAN INFORMATIKA"]. */
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @MaxLength(120, { each: true })
  lines: string[];

  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  phone?: string;

  @IsOptional()
  @IsEmail()
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(120)
  website?: string;
}

export class CreateUnitDto {
  /** Code used in letter numbers, e.g. `Diskominfo`. */
  @IsString()
  @Matches(/^[A-Za-z0-9.\-]{1,50}$/, { message: 'code may hold letters, digits, dots and dashes (1-50)' })
  code: string;

  @IsString()
  @Length(2, 200)
  name: string;

  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => LetterheadDto)
  letterhead?: LetterheadDto | null;
}

export class UpdateUnitDto extends PartialType(CreateUnitDto) {}
