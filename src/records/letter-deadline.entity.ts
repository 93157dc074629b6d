import { Column, Entity, Index, ManyToOne, PrimaryColumn } from 'typeorm';
import { LetterEntity } from './letter.entity';

/** A deadline of a letter's state. Lives in the database; a delayed job and a periodic sweep fire it. */
@Entity('letter_deadline')
@Index('ix_letter_deadline_due', ['dueAt'], { where: 'fired_at IS NULL AND cancelled_at IS NULL' })
export class LetterDeadlineEntity {
  /** `<letterId>:<state>@<seq>`: deterministic, also the job id. */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  id: string;

  @Index('ix_letter_deadline_letter_id')
  @Column({ type: 'uuid' })
  letterId: string;

  @ManyToOne(() => LetterEntity, { onDelete: 'CASCADE' })
  letter?: LetterEntity;

  @Column({ type: 'varchar', length: 64 })
  state: string;

  @Column({ type: 'varchar', length: 64 })
  event: string;

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  firedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;
}
