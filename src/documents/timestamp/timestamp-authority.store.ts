import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { organizationName } from '../deployment-ca';
import { KeyAndCertificate, issueTimestampingCertificate, sealPrivateKey, unsealPrivateKey } from '../signing';
import { certificateFacts } from '../signing/certificate-facts';

interface TsaRow {
  certificate_pem: string;
  sealed_private_key: string;
}

/**
 * The built-in timestamp authority's certificate and key, issued under the deployment CA the
 * first time they are needed and sealed under CA_PASSPHRASE, like the CA's own key. A new one
 * is issued when the stored one has expired or no longer chains to the current CA. Concurrent
 * starts race on the single row; the loser reads the winner's.
 */
export async function ensureTimestampAuthorityKey(db: DataSource, config: AppConfig, ca: KeyAndCertificate): Promise<KeyAndCertificate> {
  let [row]: (TsaRow | undefined)[] = await db.query('SELECT certificate_pem, sealed_private_key FROM timestamp_authority WHERE id = 1');
  if (!row || !usable(row.certificate_pem, ca.certificatePem)) {
    const issued = await issueTimestampingCertificate(ca, { commonName: `TSA ${config.CA_NAME}`, organization: await organizationName(db, config) });
    const sealed = await sealPrivateKey(issued.privateKey, config.CA_PASSPHRASE);
    await db.query(
      `INSERT INTO timestamp_authority (id, certificate_pem, sealed_private_key) VALUES (1, $1, $2)
       ON CONFLICT (id) DO UPDATE SET certificate_pem = EXCLUDED.certificate_pem, sealed_private_key = EXCLUDED.sealed_private_key, created_at = now()
       WHERE timestamp_authority.certificate_pem = $3`,
      [issued.certificatePem, sealed, row?.certificate_pem ?? ''],
    );
    [row] = await db.query('SELECT certificate_pem, sealed_private_key FROM timestamp_authority WHERE id = 1');
  }
  return { certificatePem: row!.certificate_pem, privateKey: await unsealPrivateKey(row!.sealed_private_key, config.CA_PASSPHRASE) };
}

/** Valid for at least another day, and issued by this CA. */
function usable(tsaPem: string, caPem: string): boolean {
  const tsa = certificateFacts(tsaPem).x509;
  const ca = certificateFacts(caPem).x509;
  return new Date(tsa.validTo).getTime() > Date.now() + 24 * 3600 * 1000 && tsa.checkIssued(ca) && tsa.verify(ca.publicKey);
}
