import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PersonEntity } from './person.entity';
import { PositionEntity } from './position.entity';

/** Who holds which position (definitive holder), from a date until another date or open-ended. */
@Entity('position_assignment')
@Index(['personId', 'endedOn'])
@Index(['positionId', 'endedOn'])
export class PositionAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  person?: PersonEntity;

  @Column({ type: 'uuid' })
  positionId: string;

  @ManyToOne(() => PositionEntity, { onDelete: 'CASCADE' })
  position?: PositionEntity;

  @Column({ type: 'date' })
  startedOn: string;

  @Column({ type: 'date', nullable: true })
  endedOn: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
