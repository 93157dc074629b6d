import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { UnitEntity } from './unit.entity';
import { FinalDisposition, RetentionTrigger } from './retention.enums';

/** Where a berkas stands in its life: kept active at the unit, inactive at the records centre, then its final disposition. */
export enum BerkasStatus {
  Open = 'terbuka',
  Closed = 'ditutup',
  Inactive = 'inaktif',
  ProposedForDisposal = 'diusulkan_musnah',
  Destroyed = 'musnah',
  Transferred = 'diserahkan',
}

export const BERKAS_STATUS_LABEL: Record<BerkasStatus, string> = {
  [BerkasStatus.Open]: 'Terbuka',
  [BerkasStatus.Closed]: 'Ditutup',
  [BerkasStatus.Inactive]: 'Inaktif',
  [BerkasStatus.ProposedForDisposal]: 'Diusulkan Musnah',
  [BerkasStatus.Destroyed]: 'Musnah',
  [BerkasStatus.Transferred]: 'Diserahkan',
};

/** Tingkat perkembangan of the records in a berkas, as the daftar arsip prints it. */
export enum DevelopmentLevel {
  Original = 'asli',
  Copy = 'salinan',
  CarbonCopy = 'tembusan',
}

export const DEVELOPMENT_LEVEL_LABEL: Record<DevelopmentLevel, string> = {
  [DevelopmentLevel.Original]: 'Asli',
  [DevelopmentLevel.Copy]: 'Salinan',
  [DevelopmentLevel.CarbonCopy]: 'Tembusan',
};

/**
 * A berkas (case file): letters of one matter under one classification code, kept by a unit.
 * It carries the JRA version and the retention it was filed under, so a later schedule does
 * not change what was decided for it; its due dates follow from them once its clock starts.
 */
@Entity('berkas')
@Unique('uq_berkas_unit_id_number', ['unitId', 'number'])
@Index('ix_berkas_status_active_until', ['status', 'activeUntil'])
@Index('ix_berkas_status_inactive_until', ['status', 'inactiveUntil'])
export class BerkasEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Unit pengolah: the unit that keeps the berkas. */
  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  unit?: UnitEntity;

  /** Nomor berkas: 1, 2, 3... per unit. */
  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'varchar', length: 50 })
  classificationCode: string;

  /** Uraian: what the berkas is about, as the archivist writes it. */
  @Column({ type: 'varchar', length: 500 })
  title: string;

  /** Kurun waktu as given; when absent the daftar arsip prints the span of its letters' dates. */
  @Column({ type: 'date', nullable: true })
  periodFrom: string | null;

  @Column({ type: 'date', nullable: true })
  periodTo: string | null;

  /** Lokasi simpan (cabinet, shelf, box; the records centre once inactive). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  location: string | null;

  @Column({ type: 'varchar', length: 16, default: DevelopmentLevel.Original })
  developmentLevel: DevelopmentLevel;

  @Column({ type: 'varchar', length: 24, default: BerkasStatus.Open })
  status: BerkasStatus;

  /** The JRA version and retention the berkas was filed under. */
  @Column({ type: 'varchar', length: 64 })
  jraVersion: string;

  @Column({ type: 'smallint' })
  activeYears: number;

  @Column({ type: 'smallint' })
  inactiveYears: number;

  @Column({ type: 'varchar', length: 40 })
  retentionTrigger: RetentionTrigger;

  @Column({ type: 'varchar', length: 24 })
  finalDisposition: FinalDisposition;

  /** The day the trigger happened, for triggers the archivist records (tidak berlaku, diaudit...). */
  @Column({ type: 'date', nullable: true })
  triggerOccurredOn: string | null;

  /** The day the retention clock started; null until the trigger is known. */
  @Column({ type: 'date', nullable: true })
  clockStartedOn: string | null;

  /** Last day of the active retention (the berkas may move to inactive from then). */
  @Column({ type: 'date', nullable: true })
  activeUntil: string | null;

  /** Last day of the inactive retention (its final disposition is due from then). */
  @Column({ type: 'date', nullable: true })
  inactiveUntil: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  closedByPersonId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  inactiveAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  inactiveByPersonId: string | null;

  @Column({ type: 'uuid' })
  createdByPersonId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
