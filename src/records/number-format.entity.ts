import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ScopeKey } from './number-scope';

/** An admin's change to a format of config/numbering.yaml: it overrides the file's pattern and scope. */
@Entity('number_format')
export class NumberFormatEntity {
  /** The format key in the file. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'varchar', length: 200 })
  label: string;

  @Column({ type: 'varchar', length: 100 })
  pattern: string;

  @Column({ type: 'text', array: true })
  scope: ScopeKey[];

  @Column({ type: 'uuid', nullable: true })
  updatedByPersonId: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
