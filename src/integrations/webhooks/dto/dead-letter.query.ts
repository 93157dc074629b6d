import { IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../../common/dto/page.query';

export class DeadLetterQuery extends PageQuery {
  /** Only the events of one module. */
  @IsOptional()
  @IsUUID()
  moduleId?: string;
}
