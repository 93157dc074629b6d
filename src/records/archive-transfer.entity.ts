import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { StoredObjectEntity } from './stored-object.entity';
import { BerkasEntity } from './berkas.entity';

/** A transfer (serah) of permanent berkas to the ANRI / Lembaga Kearsipan Daerah: its ZIP package, kept in storage. */
@Entity('archive_transfer')
export class ArchiveTransferEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  packageObjectId: string;

  @ManyToOne(() => StoredObjectEntity, { onDelete: 'RESTRICT' })
  packageObject?: StoredObjectEntity;

  /** Files in the package's data/ folder (the PDFs). */
  @Column({ type: 'integer' })
  fileCount: number;

  @Column({ type: 'uuid' })
  createdByPersonId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A berkas in a transfer; a berkas is transferred once. */
@Entity('archive_transfer_berkas')
@Index('ux_archive_transfer_berkas_berkas_id', ['berkasId'], { unique: true })
export class ArchiveTransferBerkasEntity {
  @PrimaryColumn({ type: 'uuid' })
  transferId: string;

  @ManyToOne(() => ArchiveTransferEntity, { onDelete: 'CASCADE' })
  transfer?: ArchiveTransferEntity;

  @PrimaryColumn({ type: 'uuid' })
  berkasId: string;

  @ManyToOne(() => BerkasEntity, { onDelete: 'RESTRICT' })
  berkas?: BerkasEntity;
}
