import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Another SIM application (SIMRAL, SIMRS, SIMPADU...) that calls the API with keys. */
@Entity('module_client')
export class ModuleClientEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  description: string | null;

  /** The most a key of this module may be granted. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  scopes: string[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** The only URLs an approval request of this module may name as its callback. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  callbackUrls: string[];

  /** The webhook signing secret, encrypted (common/crypto/webhook-secret.box.ts); shown once when created or rotated. */
  @Column({ type: 'text', nullable: true, select: false })
  webhookSecretEncrypted?: string | null;

  /** After a rotation, the secret before it: deliveries are signed with both until `webhookSecretPreviousUntil`. */
  @Column({ type: 'text', nullable: true, select: false })
  webhookSecretPreviousEncrypted?: string | null;

  @Column({ type: 'timestamptz', nullable: true, select: false })
  webhookSecretPreviousUntil?: Date | null;

  /**
   * A secret issued before Standard Webhooks, as the module was shown it (whsec_ + base64url):
   * the key of the deprecated X-Esurat-Signature until the secret is next rotated.
   */
  @Column({ type: 'text', nullable: true, select: false })
  webhookSecretLegacyEncrypted?: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
