import { Column, Entity, Index, ManyToOne, PrimaryColumn } from 'typeorm';
import { LetterEntity } from './letter.entity';

/**
 * Positions that take part in a letter (route, signers, recipients, tembusan, disposition,
 * explicit grants). Visibility of a letter, and of Rahasia letters above all, is decided
 * from this table in SQL.
 */
@Entity('letter_participant')
@Index('ix_letter_participant_position_id', ['positionId'])
export class LetterParticipantEntity {
  @PrimaryColumn({ type: 'uuid' })
  letterId: string;

  @ManyToOne(() => LetterEntity, { onDelete: 'CASCADE' })
  letter?: LetterEntity;

  @PrimaryColumn({ type: 'uuid' })
  positionId: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  role: 'drafter' | 'reviewer' | 'signer' | 'recipient' | 'tembusan' | 'addressee' | 'disposition' | 'grant';

  /** Recipients and tembusan: the place in the order the drafter gave (1-based), which the letter prints. */
  @Column({ type: 'smallint', default: 0 })
  ordinal: number;
}
