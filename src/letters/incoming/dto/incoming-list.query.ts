import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQuery } from '../../../common/dto/page.query';

export class IncomingListQuery extends PageQuery {
  /** Only the letters waiting for the caller (to dispose or to follow up). */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  needsAction?: boolean;
}
