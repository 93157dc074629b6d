import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/dto/page.query';
import { AssignmentKind } from '../../workflow/persistence/letter-assignment.entity';
import { LetterKind } from '../letter.entity';

/** `scope=dispatch`: the signed letters still to be sent or filed, the tata usaha's work. */
export const LIST_SCOPES = ['dispatch'] as const;
export type ListScope = (typeof LIST_SCOPES)[number];

export class ListQuery extends PageQuery {
  /** Only letters of this kind: outgoing (surat keluar, nota dinas), incoming, approval. */
  @IsOptional()
  @IsIn(Object.values(LetterKind))
  kind?: LetterKind;

  /** Only letters in this workflow state (e.g. `review`, `signed`); the list's `states` names those there are. */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/)
  state?: string;

  /** Words the subject (perihal) contains, case-insensitive. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  /**
   * `dispatch`: signed outgoing letters waiting to be sent or filed. For a registrar (TU) it
   * also takes in the letters of the units of their positions, except Rahasia and Sangat
   * Rahasia ones they take no part in.
   */
  @IsOptional()
  @IsIn(LIST_SCOPES)
  scope?: ListScope;
}

export class InboxQuery extends PageQuery {
  /** Only one kind of work: review, sign, approve, revise, dispose, follow_up, read. */
  @IsOptional()
  @IsIn(Object.values(AssignmentKind))
  kind?: AssignmentKind;
}
