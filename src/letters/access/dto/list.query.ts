import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/dto/page.query';
import { LetterKind } from '../../../records/letter.entity';

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
   * `dispatch`: signed outgoing letters waiting to be sent or filed. A registrar (TU) sees
   * those of its units and the units below, except Rahasia and Sangat Rahasia ones they take
   * no part in (the letter visibility rule).
   */
  @IsOptional()
  @IsIn(LIST_SCOPES)
  scope?: ListScope;
}
