import { Check, Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { LetterEntity } from './letter.entity';
import { BerkasEntity } from './berkas.entity';

/**
 * Where a disposal list stands beside its letter's workflow: proposed (in its workflow),
 * released (rejected or cancelled: its berkas went back to inaktif), blocked (signed, but a
 * legal hold stopped the execution), executing, executed (every letter's contents destroyed).
 */
export enum DisposalListStatus {
  Proposed = 'proposed',
  Released = 'released',
  Blocked = 'blocked',
  Executing = 'executing',
  Executed = 'executed',
}

/** A disposal list (daftar arsip usul musnah): the usul-musnah letter whose document is the Berita Acara Pemusnahan. */
@Entity('disposal_list')
@Check('ck_disposal_list_status', "status IN ('proposed', 'released', 'blocked', 'executing', 'executed')")
@Index('ux_disposal_list_letter_id', ['letterId'], { unique: true })
export class DisposalListEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  letterId: string;

  @ManyToOne(() => LetterEntity, { onDelete: 'RESTRICT' })
  letter?: LetterEntity;

  @Column({ type: 'varchar', length: 16, default: DisposalListStatus.Proposed })
  status: DisposalListStatus;

  @Column({ type: 'uuid' })
  createdByPersonId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  executedAt: Date | null;
}

/** A berkas on a disposal list, in the order the berita acara prints them. */
@Entity('disposal_list_berkas')
@Index('ix_disposal_list_berkas_berkas_id', ['berkasId'])
export class DisposalListBerkasEntity {
  @PrimaryColumn({ type: 'uuid' })
  disposalListId: string;

  @ManyToOne(() => DisposalListEntity, { onDelete: 'CASCADE' })
  disposalList?: DisposalListEntity;

  @PrimaryColumn({ type: 'uuid' })
  berkasId: string;

  @ManyToOne(() => BerkasEntity, { onDelete: 'RESTRICT' })
  berkas?: BerkasEntity;

  @Column({ type: 'integer' })
  ordinal: number;
}

/** One object removed from storage, as the destroyed letter keeps it. */
export interface DestroyedObject {
  objectId: string;
  /** document (a rendered or signed version), attachment, scan, report (a disposition's follow-up). */
  kind: string;
  sha256: string;
  size: number;
}

/** A letter whose contents were destroyed: the row, its number and hashes stay; this says by which list, when, and what went. */
@Entity('destroyed_letter')
@Index('ix_destroyed_letter_disposal_list_id', ['disposalListId'])
export class DestroyedLetterEntity {
  @PrimaryColumn({ type: 'uuid' })
  letterId: string;

  @ManyToOne(() => LetterEntity, { onDelete: 'RESTRICT' })
  letter?: LetterEntity;

  @Column({ type: 'uuid' })
  disposalListId: string;

  @ManyToOne(() => DisposalListEntity, { onDelete: 'RESTRICT' })
  disposalList?: DisposalListEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  destroyedAt: Date;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  objects: DestroyedObject[];
}
