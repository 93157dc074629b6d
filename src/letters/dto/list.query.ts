import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { AssignmentKind } from '../../workflow/persistence/letter-assignment.entity';

export class ListQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}

export class InboxQuery extends ListQuery {
  /** Only one kind of work: review, sign, approve, revise, dispose, follow_up, read. */
  @IsOptional()
  @IsIn(Object.values(AssignmentKind))
  kind?: AssignmentKind;
}
