import { readFileSync } from 'node:fs';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DocumentError, DocumentErrorCode } from './documents.errors';
import { KeyAndCertificate, createDeploymentCa, sealPrivateKey, unsealPrivateKey } from './signing';

interface CaRow {
  certificate_pem: string;
  sealed_private_key: string;
}

/** The body the CA belongs to: the root unit (Pemerintah Kota ...), or the CA's own name before any unit exists. */
export async function organizationName(db: DataSource | EntityManager, config: AppConfig): Promise<string> {
  const [root] = await db.query(`SELECT name FROM unit WHERE parent_id IS NULL ORDER BY created_at LIMIT 1`);
  return root?.name ?? config.CA_NAME;
}

/**
 * The deployment CA, created (and its key sealed under CA_PASSPHRASE) the first time it is
 * needed. Concurrent starts (API and worker) race on the single row; the loser reads the winner's.
 */
export async function ensureDeploymentCa(db: DataSource, config: AppConfig): Promise<KeyAndCertificate> {
  let [row]: (CaRow | undefined)[] = await db.query('SELECT certificate_pem, sealed_private_key FROM deployment_ca WHERE id = 1');
  if (!row) {
    const ca = await createDeploymentCa({ commonName: config.CA_NAME, organization: await organizationName(db, config) });
    const sealed = await sealPrivateKey(ca.privateKey, config.CA_PASSPHRASE);
    await db.query('INSERT INTO deployment_ca (id, certificate_pem, sealed_private_key) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING', [
      ca.certificatePem,
      sealed,
    ]);
    [row] = await db.query('SELECT certificate_pem, sealed_private_key FROM deployment_ca WHERE id = 1');
  }
  try {
    return { certificatePem: row!.certificate_pem, privateKey: await unsealPrivateKey(row!.sealed_private_key, config.CA_PASSPHRASE) };
  } catch (err) {
    if (err instanceof DocumentError && err.code === DocumentErrorCode.WRONG_PASSPHRASE) {
      throw new Error('CA_PASSPHRASE does not open the deployment CA key stored in the database');
    }
    throw err;
  }
}

/** Roots a signature may chain to: the deployment CA, and the BSrE root when configured. */
export function trustAnchorsOf(caCertificatePem: string, config: AppConfig): string[] {
  const anchors = [caCertificatePem];
  if (config.BSRE_ROOT_CERT_PATH) anchors.push(readFileSync(config.BSRE_ROOT_CERT_PATH, 'utf8'));
  return anchors;
}
