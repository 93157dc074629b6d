import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { UnitEntity } from './unit.entity';

/** Jabatan: letters are addressed to and signed by positions; the holder at that moment acts. */
@Entity('position')
export class PositionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 50 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index()
  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  unit?: UnitEntity;

  /** Atasan: the position above this one; null at the top (Wali Kota). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  superiorId: string | null;

  @ManyToOne(() => PositionEntity, { onDelete: 'RESTRICT', nullable: true })
  superior?: PositionEntity | null;

  /** The head of its unit (Kepala Dinas, Kepala Bidang...), as opposed to a staff position. */
  @Column({ type: 'boolean', default: false })
  isHead: boolean;

  /** May sign letters (pejabat penandatangan). */
  @Column({ type: 'boolean', default: false })
  canSign: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
