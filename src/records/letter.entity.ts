import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { RoutePlans, WorkflowSnapshot } from './workflow-snapshot.types';
import { WorkflowDefinitionEntity } from './workflow-definition.entity';

export enum LetterKind {
  Outgoing = 'outgoing',
  Incoming = 'incoming',
  Approval = 'approval',
}

/** Sifat naskah: Rahasia and above are seen only by the people on the letter. */
export enum Sifat {
  Biasa = 'biasa',
  Terbatas = 'terbatas',
  Rahasia = 'rahasia',
  SangatRahasia = 'sangat_rahasia',
}

export const CONFIDENTIAL_SIFAT: readonly Sifat[] = [Sifat.Rahasia, Sifat.SangatRahasia];

/** Sifat as a letter, the agenda book and the verification page print it. */
export const SIFAT_LABEL: Record<Sifat, string> = {
  [Sifat.Biasa]: 'Biasa',
  [Sifat.Terbatas]: 'Terbatas',
  [Sifat.Rahasia]: 'Rahasia',
  [Sifat.SangatRahasia]: 'Sangat Rahasia',
};

export enum Urgency {
  Biasa = 'biasa',
  Segera = 'segera',
  SangatSegera = 'sangat_segera',
  Kilat = 'kilat',
}

/** A letter (naskah dinas) and the state machine it runs on. */
@Entity('letter')
@Index('ix_letter_drafter_person_id', ['drafterPersonId'])
@Index('ix_letter_state', ['state'])
@Index('ix_letter_created_at', ['createdAt'])
export class LetterEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  kind: LetterKind;

  /** Jenis naskah, which is also the workflow file's key (surat-keluar, nota-dinas...). */
  @Column({ type: 'varchar', length: 64 })
  workflowKey: string;

  @Column({ type: 'uuid' })
  workflowDefinitionId: string;

  @ManyToOne(() => WorkflowDefinitionEntity, { onDelete: 'RESTRICT' })
  workflowDefinition?: WorkflowDefinitionEntity;

  @Column({ type: 'varchar', length: 64 })
  state: string;

  @Column({ type: 'jsonb' })
  snapshot: WorkflowSnapshot;

  /** The route plans as drafted: reviewers (paraf berjenjang) and signers. */
  @Column({ type: 'jsonb' })
  routePlans: RoutePlans;

  /** Optimistic lock: a transition names the version it was computed from. */
  @Column({ type: 'int', default: 1 })
  version: number;

  /** Perihal (hal). */
  @Column({ type: 'varchar', length: 500 })
  subject: string;

  @Column({ type: 'varchar', length: 16, default: Sifat.Biasa })
  sifat: Sifat;

  @Column({ type: 'varchar', length: 16, default: Urgency.Biasa })
  urgency: Urgency;

  @Column({ type: 'varchar', length: 50, nullable: true })
  classificationCode: string | null;

  /** Konseptor: the person who drafted or registered it; null for a module's approval request. */
  @Column({ type: 'uuid', nullable: true })
  drafterPersonId: string | null;

  /** The SIM module that requested this approval (kind approval). */
  @Index('ix_letter_module_id')
  @Column({ type: 'uuid', nullable: true })
  moduleId: string | null;

  /** The position the drafter wrote it as. */
  @Column({ type: 'uuid', nullable: true })
  drafterPositionId: string | null;

  /** Unit the letter belongs to (numbering, agenda, letterhead). */
  @Column({ type: 'uuid', nullable: true })
  unitId: string | null;

  /** Template fields: paragraphs and the like. Plain text only. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  body: Record<string, unknown>;

  /** Nomor surat, assigned at signing. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  number: string | null;

  /** Tanggal surat: the signing instant the number was assigned for. */
  @Column({ type: 'timestamptz', nullable: true })
  numberedAt: Date | null;

  @Column({ type: 'boolean', default: false })
  done: boolean;

  /** Set by the markOverdue action when a deadline passed. */
  @Column({ type: 'boolean', default: false })
  overdue: boolean;

  /** When the letter reached its recipients and tembusan; before that they do not see it. */
  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  /** Diarsipkan: when the letter was filed. */
  @Column({ type: 'timestamptz', nullable: true })
  filedAt: Date | null;

  /** The letter's current PDF (a letter_document row): the latest render or signed revision. */
  @Column({ type: 'uuid', nullable: true })
  currentDocumentId: string | null;

  /** Code of the public verification page the QR code links to; set at the first signature. */
  @Column({ type: 'varchar', length: 40, nullable: true, unique: true })
  verificationCode: string | null;

  /** When the last required signature was applied. */
  @Column({ type: 'timestamptz', nullable: true })
  signedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
