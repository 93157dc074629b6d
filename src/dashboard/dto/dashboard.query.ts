import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters every dashboard figure takes: a period of WIB days and a unit (with the units below it). */
export class DashboardQuery {
  /** First day (YYYY-MM-DD, WIB); defaults to the first day of the month eleven months ago. */
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  from?: string;

  /** Last day, inclusive (YYYY-MM-DD, WIB); defaults to today. */
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar date' })
  to?: string;

  /** A unit the caller heads or one below it; its sub-units count too. Defaults to everything the caller may read. */
  @IsOptional()
  @IsUUID()
  unitId?: string;

  /** `csv` answers the same rows as a text/csv download (as does `Accept: text/csv`). */
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
