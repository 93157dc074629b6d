import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BerkasEntity } from './berkas.entity';

/**
 * A legal hold (penahanan karena perkara, pemeriksaan...) on a berkas: while one is not lifted,
 * no retention move and no disposal touches the berkas. Rows are kept after the lift, as its history.
 */
@Entity('berkas_legal_hold')
@Index('ux_berkas_legal_hold_active', ['berkasId'], { unique: true, where: 'lifted_at IS NULL' })
export class BerkasLegalHoldEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  berkasId: string;

  @ManyToOne(() => BerkasEntity, { onDelete: 'CASCADE' })
  berkas?: BerkasEntity;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ type: 'uuid' })
  placedByPersonId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  placedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  liftedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  liftedByPersonId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  liftReason: string | null;
}
