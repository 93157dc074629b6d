import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/dto/page.query';
import { AssignmentKind } from '../../workflow/persistence/letter-assignment.entity';

export class ListQuery extends PageQuery {}

export class InboxQuery extends PageQuery {
  /** Only one kind of work: review, sign, approve, revise, dispose, follow_up, read. */
  @IsOptional()
  @IsIn(Object.values(AssignmentKind))
  kind?: AssignmentKind;
}
