import type { KeyObject } from 'node:crypto';

/** The key that signs audit checkpoints, and the certificate a receiver checks them with. */
export interface CheckpointKey {
  privateKey: KeyObject;
  certificatePem: string;
}

/**
 * Who holds that key: the deployment CA, which documents/ keeps (DeploymentCaService). Audit
 * stands below documents, so the app module hands the signer in (AuditModule.forRoot) rather
 * than audit importing documents.
 */
export interface CheckpointSigner {
  get(): Promise<CheckpointKey>;
}

/** The Nest token of the CheckpointSigner. */
export const CHECKPOINT_SIGNER = 'esurat:audit-checkpoint-signer';
