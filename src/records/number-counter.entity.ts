import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The last sequence issued by a format in one scope and year. Incremented by an upsert inside
 * the issuing transaction: the row lock serialises one scope only, and a rollback gives the
 * number back, so sequences have no gaps.
 */
@Entity('number_counter')
@Check('ck_number_counter_value', 'value > 0')
export class NumberCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  formatKey: string;

  /** e.g. `unit=<uuid>` (see scopeKey in number-format.ts). */
  @PrimaryColumn({ type: 'varchar', length: 300 })
  scopeKey: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  value: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
