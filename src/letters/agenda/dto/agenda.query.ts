import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class AgendaQuery {
  /** incoming (surat masuk) or outgoing (surat keluar: numbered letters). */
  @IsIn(['incoming', 'outgoing'])
  register: 'incoming' | 'outgoing';

  /** Defaults to the unit of the caller's first position. */
  @IsOptional()
  @IsUUID()
  unitId?: string;

  /** First day (YYYY-MM-DD); defaults to 1 January of the current year. */
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  from?: string;

  /** Last day, inclusive (YYYY-MM-DD); defaults to today. */
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar date' })
  to?: string;

  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
