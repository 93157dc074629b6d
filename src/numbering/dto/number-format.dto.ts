import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length } from 'class-validator';

/** A new pattern and counter scope for a format of config/numbering.yaml. */
export class UpdateNumberFormatDto {
  /** e.g. `{klasifikasi}/{nomor}/{unit}/{tahun}`; tokens are listed in config/numbering.yaml. */
  @IsString()
  @Length(1, 100)
  pattern: string;

  /** What counters are kept per: unit, type, classification, month, and always year. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @IsString({ each: true })
  scope: string[];

  @IsOptional()
  @IsString()
  @Length(1, 200)
  label?: string;
}
