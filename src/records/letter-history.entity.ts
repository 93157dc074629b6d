import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LetterEntity } from './letter.entity';

/** One transition of a letter: who (and on whose behalf), when, from, to, why. Written with the transition. */
@Entity('letter_history')
@Index('ix_letter_history_letter_id_seq', ['letterId', 'seq'], { unique: true })
export class LetterHistoryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  letterId: string;

  // The audit trail's companion: a letter with history cannot be deleted (no CASCADE).
  @ManyToOne(() => LetterEntity, { onDelete: 'RESTRICT' })
  letter?: LetterEntity;

  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'varchar', length: 64 })
  event: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  fromState: string | null;

  @Column({ type: 'varchar', length: 64 })
  toState: string;

  /** null when the system acted (a deadline passed). */
  @Column({ type: 'uuid', nullable: true })
  actorPersonId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  actorName: string | null;

  /** The position acted as, and how: holder, plt or plh. */
  @Column({ type: 'uuid', nullable: true })
  actedAsPositionId: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  capacity: 'holder' | 'plt' | 'plh' | null;

  /** Human-readable, e.g. "Dewi Kartikasari (sekdis.kominfo) sebagai Plh. Kepala Dinas Komunikasi dan Informatika". */
  @Column({ type: 'varchar', length: 500 })
  actorLabel: string;

  /** The catatan given with the event (`comment` in the API). */
  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'int' })
  revision: number;

  @Column({ type: 'timestamptz' })
  at: Date;
}
