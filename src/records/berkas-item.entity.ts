import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryColumn } from 'typeorm';
import { LetterEntity } from './letter.entity';
import { BerkasEntity } from './berkas.entity';

/** A letter filed in a berkas. The letter is the key: a letter is in at most one berkas. */
@Entity('berkas_item')
@Index('ix_berkas_item_berkas_id', ['berkasId'])
export class BerkasItemEntity {
  @PrimaryColumn({ type: 'uuid' })
  letterId: string;

  @ManyToOne(() => LetterEntity, { onDelete: 'RESTRICT' })
  letter?: LetterEntity;

  @Column({ type: 'uuid' })
  berkasId: string;

  @ManyToOne(() => BerkasEntity, { onDelete: 'CASCADE' })
  berkas?: BerkasEntity;

  @Column({ type: 'uuid' })
  addedByPersonId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt: Date;
}
