import { Check, Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { LetterEntity } from './letter.entity';
import { PersonEntity } from './person.entity';
import { UnitEntity } from './unit.entity';

export enum LetterNumberStatus {
  /** Taken in advance (ambil nomor), not on a signed letter yet. */
  Reserved = 'reserved',
  /** On a signed letter. */
  Used = 'used',
  /** A reservation given up: the number stays recorded and is never issued again. */
  Cancelled = 'cancelled',
}

/** Every number ever issued or reserved: the register (buku nomor) that explains every gap. */
@Entity('letter_number')
@Unique('uq_letter_number_number', ['number'])
@Unique('uq_letter_number_format_key_scope_key_year_sequence', ['formatKey', 'scopeKey', 'year', 'sequence'])
@Index('ux_letter_number_letter_id_active', ['letterId'], { unique: true, where: "status <> 'cancelled'" })
@Index('ix_letter_number_reserved_by_person_id', ['reservedByPersonId', 'createdAt'])
@Check('ck_letter_number_status', "status IN ('reserved', 'used', 'cancelled')")
@Check('ck_letter_number_used_letter', "status <> 'used' OR letter_id IS NOT NULL")
@Check('ck_letter_number_cancelled', "(status = 'cancelled') = (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL)")
export class LetterNumberEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  formatKey: string;

  @Column({ type: 'varchar', length: 300 })
  scopeKey: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  sequence: number;

  /** The rendered nomor surat. */
  @Column({ type: 'varchar', length: 120 })
  number: string;

  @Column({ type: 'varchar', length: 16 })
  status: LetterNumberStatus;

  /** Jenis naskah (workflow key) the number was issued for. */
  @Column({ type: 'varchar', length: 64 })
  letterType: string;

  /** The issuing unit. */
  @Column({ type: 'uuid', nullable: true })
  unitId: string | null;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT', nullable: true })
  unit?: UnitEntity | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  classificationCode: string | null;

  /** Null for a reservation not tied to a letter yet. */
  @Column({ type: 'uuid', nullable: true })
  letterId: string | null;

  @ManyToOne(() => LetterEntity, { onDelete: 'RESTRICT', nullable: true })
  letter?: LetterEntity | null;

  /** Who took the number in advance; null for numbers issued at signing. */
  @Column({ type: 'uuid', nullable: true })
  reservedByPersonId: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT', nullable: true })
  reservedByPerson?: PersonEntity | null;

  /** The instant whose calendar date the number carries (signing, or the reservation). */
  @Column({ type: 'timestamptz' })
  issuedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  cancelledByPersonId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
