import { Check, Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PersonEntity } from './person.entity';
import { PositionEntity } from './position.entity';

/**
 * Plt (pelaksana tugas: the position is vacant) and Plh (pelaksana harian: the holder
 * is away) let another person act for a position during a period.
 */
export enum DelegationKind {
  Plt = 'plt',
  Plh = 'plh',
}

@Entity('delegation')
@Check('ck_delegation_period', 'ends_at > starts_at')
@Check('ck_delegation_kind', "kind IN ('plt', 'plh')")
@Index(['personId', 'startsAt', 'endsAt'])
@Index(['positionId', 'startsAt', 'endsAt'])
export class DelegationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 8 })
  kind: DelegationKind;

  /** The person who acts. */
  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  person?: PersonEntity;

  /** The position acted for. */
  @Column({ type: 'uuid' })
  positionId: string;

  @ManyToOne(() => PositionEntity, { onDelete: 'CASCADE' })
  position?: PositionEntity;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  /** Nomor surat perintah or a short reason. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  reason: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
