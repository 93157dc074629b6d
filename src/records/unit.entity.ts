import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Letterhead (kop surat) lines of a unit; used by the document templates. */
export interface Letterhead {
  lines: string[];
  address?: string;
  phone?: string;
  email?: string;
  website?: string;
  /** Key of a logo object in storage, when the unit has its own. */
  logoObjectId?: string;
}

/** Unit kerja: Pemkot → Setda / Dinas → Bidang → Seksi. */
@Entity('unit')
export class UnitEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Short code used in letter numbers, e.g. "Diskominfo". */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 50 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT', nullable: true })
  parent?: UnitEntity | null;

  @Column({ type: 'jsonb', nullable: true })
  letterhead: Letterhead | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
