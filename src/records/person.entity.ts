import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum Role {
  Admin = 'admin',
  Staff = 'staff',
  Official = 'official',
  Archivist = 'archivist',
  /** Pencatat surat / tata usaha: registers incoming letters and sends outgoing ones. */
  Registrar = 'registrar',
  /** Inspektorat: reads the audit trail (GET /audit/entries), not the letters it names. */
  Auditor = 'auditor',
}

/** Pegawai: a person who logs in and holds positions. */
@Entity('person')
// Usernames are unique whatever their case; login looks them up by lower(username).
@Index('ux_person_username_lower', { synchronize: false })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** NIP, 18 digits; null for people who are not civil servants (e.g. contract staff). */
  @Index({ unique: true, where: 'nip IS NOT NULL' })
  @Column({ type: 'char', length: 18, nullable: true })
  nip: string | null;

  /** Pangkat/golongan, e.g. "Pembina Utama Muda (IV/c)"; null for a regional head and non-ASN staff. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  rank: string | null;

  /** NIK, 16 digits; personal data, shown to admins only. */
  @Column({ type: 'char', length: 16, nullable: true })
  nik: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  email: string | null;

  /** WhatsApp number in international form without "+", e.g. 6281234567890; null: no WhatsApp notices. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: Role[];

  @Column({ type: 'varchar', length: 200, select: false })
  passwordHash: string;

  /** Set by the demo seed and cleared at the first password change; production refuses to start while any is set. */
  @Column({ type: 'boolean', default: false })
  demoPassword: boolean;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Bumped on password change and deactivation, which invalidates tokens issued before. */
  @Column({ type: 'int', default: 0 })
  tokenVersion: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
