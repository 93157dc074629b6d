import { Check, Column, CreateDateColumn, DeleteDateColumn, Entity, Index, PrimaryGeneratedColumn, ValueTransformer } from 'typeorm';

export type StorageDriverName = 'fs' | 's3';

// pg returns bigint as a string; sizes stay far below 2^53, so a number is exact.
const bigintAsNumber: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * One stored file: where its bytes live and what they are. The key is generated
 * (`<purpose>/<yyyy>/<mm>/<id>`), never taken from user input; the original name
 * is only shown back in Content-Disposition.
 */
@Entity('stored_object')
@Check('ck_stored_object_driver', "driver IN ('fs', 's3')")
@Check('ck_stored_object_size', 'size >= 0')
export class StoredObjectEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 10 })
  driver: StorageDriverName;

  /** S3 bucket; null for the fs driver. */
  @Column({ type: 'varchar', length: 63, nullable: true })
  bucket: string | null;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 200 })
  key: string;

  /** What the file is for, a slug such as `letter-draft` or `attachment`. */
  @Column({ type: 'varchar', length: 41 })
  purpose: string;

  @Column({ type: 'varchar', length: 255 })
  contentType: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  originalName: string | null;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  size: number;

  /** Hex SHA-256 of the bytes, computed while they were stored. */
  @Index()
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Set when the bytes are removed; the row stays as a record that the file existed. */
  @DeleteDateColumn({ type: 'timestamptz' })
  deletedAt: Date | null;
}
