import { ApiProperty } from '@nestjs/swagger';
import { LetterKind, Sifat } from '../../records/letter.entity';

/** One letter found. */
export class SearchHitDto {
  id: string;
  kind: LetterKind;
  /** Nomor surat; for an incoming letter the sender's number. Null before signing. */
  number: string | null;
  subject: string;
  /** The workflow key, e.g. `surat-keluar`. */
  type: string;
  /** Jenis naskah in words: the workflow file's name ("Surat Dinas"). */
  typeLabel: string;
  /** Tanggal surat (WIB), YYYY-MM-DD: the signing date, the sender's date, or the day it was drafted. */
  date: string;
  state: string;
  /** The state in words, as the workflow file names it ("Ditandatangani"). */
  stateLabel: string;
  sifat: Sifat;
  classificationCode: string | null;
  /**
   * Where the words were found, as HTML: the text escaped, the matches in `<mark>`. Cut from
   * the letter's subject, body and file text; empty when nothing to show.
   */
  snippet: string;
  /** Relevance: higher is better; 0 without words. */
  score: number;
}

/** How many letters found have one value of a facet. */
export class SearchFacetCountDto {
  value: string;
  /** A name to show for the value, where there is one: a unit's name, a jenis naskah's, a state's. */
  @ApiProperty({ type: String, nullable: true })
  label: string | null;
  count: number;
}

/** Counts of the letters found (all pages) by each facet; most frequent first, at most 20 values each. */
export class SearchFacetsDto {
  year: SearchFacetCountDto[];
  type: SearchFacetCountDto[];
  classification: SearchFacetCountDto[];
  unit: SearchFacetCountDto[];
  sifat: SearchFacetCountDto[];
  state: SearchFacetCountDto[];
}

/** GET /api/v1/search: a page of the letters the caller may see that match, with the total and facets over all of them. */
export class SearchResultDto {
  items: SearchHitDto[];
  /**
   * Every matching letter the caller may see, across pages, counted exactly up to 10,000; past
   * that, 10,000 with `totalRelation` `gte` (as search engines do: "more than 10,000").
   */
  total: number;
  /** `eq`: `total` is exact; `gte`: more letters match than `total`, and the facets count the newest 10,001 of them. */
  @ApiProperty({ enum: ['eq', 'gte'] })
  totalRelation: 'eq' | 'gte';
  facets: SearchFacetsDto;
  limit: number;
  offset: number;
}
