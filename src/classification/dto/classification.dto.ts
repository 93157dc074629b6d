import { Type } from 'class-transformer';
import { RetentionDto } from '../jra/dto/jra.dto';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ClassificationQuery {
  /** A code prefix ("000.8") or words of the name ("tata naskah"); empty lists the primary and secondary codes. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

/** One kode klasifikasi arsip, with the names of its ancestors as the picker shows them. */
export class ClassificationDto {
  /** e.g. `000.8.3.3`. */
  code: string;
  /** e.g. "Standar Operasional Prosedur". */
  name: string;
  parentCode: string | null;
  /** The ancestors' names, primary first, e.g. ["Umum", "Organisasi dan Tata Laksana", "Ketatalaksanaan"]. */
  path: string[];
  /** Retention under the JRA (config/jra.yaml), inherited from the parent where the code has no line of its own. */
  retention: RetentionDto;
}
