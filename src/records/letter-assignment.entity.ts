import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryColumn } from 'typeorm';
import { LetterEntity } from './letter.entity';

/** What a position must do on a letter now: the inbox is read from this table. */
export enum AssignmentKind {
  Review = 'review',
  Sign = 'sign',
  Approve = 'approve',
  Revise = 'revise',
  Dispose = 'dispose',
  FollowUp = 'follow_up',
  Read = 'read',
}

@Entity('letter_assignment')
@Index('ix_letter_assignment_position_id_created_at', ['positionId', 'createdAt'])
export class LetterAssignmentEntity {
  @PrimaryColumn({ type: 'uuid' })
  letterId: string;

  @ManyToOne(() => LetterEntity, { onDelete: 'CASCADE' })
  letter?: LetterEntity;

  @PrimaryColumn({ type: 'uuid' })
  positionId: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind: AssignmentKind;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** When the item was opened by someone acting for the position; null while unread. */
  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
