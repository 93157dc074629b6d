import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

/** `?letterId=&personId=&after=&limit=`: entries in chain order, a page after a seq. */
export class AuditEntriesQuery {
  /** Entries about this letter (its transitions, reads and downloads). */
  @IsOptional()
  @IsUUID()
  letterId?: string;

  /** Entries this person did, or that changed this person. */
  @IsOptional()
  @IsUUID()
  personId?: string;

  /** Only entries after this seq: the `next` of the previous page. */
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  after?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;
}
