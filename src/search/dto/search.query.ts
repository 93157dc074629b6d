import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { Sifat } from '../../records/letter.entity';
import { SEARCH_QUERY_MAX_LENGTH } from '../search.errors';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const SEARCH_SORTS = ['relevance', 'newest', 'oldest'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** GET /api/v1/search: the words and the filters. */
export class SearchQuery {
  /**
   * Web-search syntax: words (each must match, in any form: `menugaskan` finds `tugas`),
   * `"a phrase"`, `-word` (must not match), `a or b`. Numbers and their fragments
   * (`215/DINKES`) match letter, sender and agenda numbers. At most 500 characters and 32 terms.
   */
  @IsOptional()
  @IsString()
  @ApiProperty({ required: false, maxLength: SEARCH_QUERY_MAX_LENGTH })
  q?: string;

  /** Jenis naskah: the workflow key, e.g. `surat-keluar`, `nota-dinas`, `surat-masuk`. */
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'type must be a workflow key such as surat-keluar' })
  type?: string;

  /** Kode klasifikasi or a prefix of it: `000.8` finds 000.8 and 000.8.3.3. */
  @IsOptional()
  @Matches(/^\d{3}(\.\d{1,3}){0,4}$/, { message: 'classification must be a code such as 000.8.3.3' })
  classification?: string;

  /** The unit the letter belongs to. */
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @IsOptional()
  @IsIn(Object.values(Sifat))
  sifat?: Sifat;

  /** Workflow state, e.g. `review`, `signed`, `filed`. */
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'state must be a workflow state such as signed' })
  state?: string;

  /** Letters dated on or after this day (YYYY-MM-DD, WIB): tanggal surat, or the sender's date of an incoming letter. */
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  from?: string;

  /** Letters dated on or before this day (YYYY-MM-DD, WIB). */
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar date' })
  to?: string;

  /** `relevance` (default with words), `newest` (default without), `oldest`. */
  @IsOptional()
  @IsIn(SEARCH_SORTS)
  sort?: SearchSort;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  /** Letters to skip: the page after `offset + limit` starts there. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  offset: number = 0;
}
