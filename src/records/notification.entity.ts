import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LetterEntity } from './letter.entity';

/** A notice to a position (its holder and Plt/Plh read it): something to act on, or a decision on their letter. */
@Entity('notification')
@Index('ix_notification_position_id_created_at', ['positionId', 'createdAt'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  positionId: string;

  @Column({ type: 'uuid', nullable: true })
  letterId: string | null;

  @ManyToOne(() => LetterEntity, { onDelete: 'CASCADE', nullable: true })
  letter?: LetterEntity;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'varchar', length: 500 })
  message: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
