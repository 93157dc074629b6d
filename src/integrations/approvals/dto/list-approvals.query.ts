import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/dto/page.query';

export class ListApprovalsQuery extends PageQuery {
  /** Only the approvals with this reference (the module's own). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  state?: string;

}
