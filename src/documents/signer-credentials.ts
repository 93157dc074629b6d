import { X509Certificate } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DEMO_SIGNING_PASSPHRASE, demoPeople } from '../seeds/demo-city';
import { ensureDeploymentCa, organizationName } from './deployment-ca';
import { PKI_OID, revocationPointers } from './pki/pki-asn1';
import { IssueOptions, KeyAndCertificate, extensionOids, issueSigningCertificate, reissueSigningCertificate, sealPrivateKey } from './signing';

/** A person who may hold a signing certificate: holds a position that may sign today. */
export interface SigningOfficial {
  personId: string;
  name: string;
  nip: string | null;
  unitName: string | null;
}

/** A certificate as shown to its holder; never the key. */
export interface CredentialView {
  provider: 'local' | 'bsre';
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  createdAt: Date;
}

/** Officials (people holding a canSign position today), optionally only those with no usable local certificate. */
export async function signingOfficials(db: DataSource | EntityManager, options: { personId?: string; withoutCredential?: boolean } = {}): Promise<SigningOfficial[]> {
  const rows: { person_id: string; name: string; nip: string | null; unit_name: string | null }[] = await db.query(
    `SELECT DISTINCT ON (pe.id) pe.id AS person_id, pe.name, pe.nip, u.name AS unit_name
       FROM person pe
       JOIN position_assignment pa ON pa.person_id = pe.id AND pa.started_on <= current_date AND (pa.ended_on IS NULL OR pa.ended_on >= current_date)
       JOIN position po ON po.id = pa.position_id AND po.can_sign
       JOIN unit u ON u.id = po.unit_id
      WHERE pe.active
        AND ($1::uuid IS NULL OR pe.id = $1)
        AND (NOT $2 OR NOT EXISTS (SELECT 1 FROM signer_credential sc WHERE sc.person_id = pe.id AND sc.provider = 'local' AND sc.revoked_at IS NULL))
      ORDER BY pe.id, po.is_head DESC`,
    [options.personId ?? null, options.withoutCredential ?? false],
  );
  return rows.map((r) => ({ personId: r.person_id, name: r.name, nip: r.nip?.trim() ?? null, unitName: r.unit_name }));
}

/**
 * Issues the official a certificate from the deployment CA, its key sealed under their
 * passphrase, and revokes the one it replaces. The passphrase is used here and dropped.
 */
export async function issueLocalCredential(
  manager: EntityManager,
  ca: KeyAndCertificate,
  official: SigningOfficial & { nip: string },
  organization: string,
  passphrase: string,
  options: IssueOptions = {},
): Promise<CredentialView> {
  const issued = await issueSigningCertificate(ca, { name: official.name, nip: official.nip, organization, unit: official.unitName ?? undefined }, options);
  const sealed = await sealPrivateKey(issued.privateKey, passphrase);
  const x509 = new X509Certificate(issued.certificatePem);
  await manager.query(`UPDATE signer_credential SET revoked_at = now(), revocation_reason = 'superseded' WHERE person_id = $1 AND provider = 'local' AND (revoked_at IS NULL OR revoked_at > now())`, [official.personId]);
  const [row] = await manager.query(
    `INSERT INTO signer_credential (person_id, provider, certificate_pem, chain_pems, sealed_private_key, subject, serial_number, not_before, not_after)
     VALUES ($1, 'local', $2, $3, $4, $5, $6, $7, $8) RETURNING created_at`,
    [official.personId, issued.certificatePem, [ca.certificatePem], sealed, oneLine(x509.subject), x509.serialNumber, new Date(x509.validFrom), new Date(x509.validTo)],
  );
  return {
    provider: 'local',
    subject: oneLine(x509.subject),
    issuer: oneLine(x509.issuer),
    serialNumber: x509.serialNumber,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    createdAt: row.created_at,
  };
}

/**
 * Gives every seeded demo official who has none a certificate sealed under the demo
 * passphrase. Deterministic and idempotent: run at boot outside production and by the
 * e2e global setup on the template database.
 */
export async function issueDemoCertificates(db: DataSource, config: AppConfig): Promise<number> {
  if (config.isProduction) return 0;
  const demoUsernames: string[] = demoPeople.map((p) => p.username);
  const ca = await ensureDeploymentCa(db, config);
  const organization = await organizationName(db, config);
  const officials = await signingOfficials(db, { withoutCredential: true });
  const people: { id: string; username: string }[] = await db.query('SELECT id, username FROM person WHERE username = ANY($1)', [demoUsernames]);
  const demoIds = new Set(people.map((p) => p.id));
  let issued = 0;
  for (const official of officials) {
    // The library's certificates carry the NIP; officials without one (an elected head) use BSrE.
    if (!demoIds.has(official.personId) || !official.nip) continue;
    const done = await db.transaction(async (tx) => {
      // The API and the worker may both start at once: one issues, the other finds it done.
      await tx.query('SELECT pg_advisory_xact_lock(727003)');
      const [has] = await tx.query(`SELECT 1 FROM signer_credential WHERE person_id = $1 AND provider = 'local' AND revoked_at IS NULL`, [official.personId]);
      if (has) return false;
      await issueLocalCredential(tx, ca, { ...official, nip: official.nip! }, organization, DEMO_SIGNING_PASSPHRASE, {
        extraExtensions: revocationPointers(config.PUBLIC_URL),
      });
      return true;
    });
    if (done) issued++;
  }
  return issued;
}

/** Whether a certificate says where its revocation is published: a CRL distribution point and an AIA (OCSP). */
export function hasRevocationPointers(certificatePem: string): boolean {
  const oids = extensionOids(certificatePem);
  return oids.includes(PKI_OID.cRLDistributionPoints) && oids.includes(PKI_OID.authorityInfoAccess);
}

/**
 * Officials' usable certificates issued before they carried a CRL distribution point and AIA
 * are re-issued for the same key (sealed under the same passphrase, so nothing changes for
 * the official) and the same end of validity, with the pointers; the old one is revoked as
 * superseded from now, so signatures proven before stay valid. Run at every start (API and
 * worker alike, one at a time), so every new signature's chain says where to check it.
 */
export async function reissueWithoutRevocationPointers(db: DataSource, config: AppConfig, ca: KeyAndCertificate, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(727004)');
    const rows: { id: string; person_id: string; certificate_pem: string; chain_pems: string[]; sealed_private_key: string }[] = await tx.query(
      `SELECT id, person_id, certificate_pem, chain_pems, sealed_private_key FROM signer_credential
        WHERE provider = 'local' AND revoked_at IS NULL AND not_after > $1 FOR UPDATE`,
      [now],
    );
    const missing = rows.filter((r) => !hasRevocationPointers(r.certificate_pem));
    if (missing.length === 0) return 0;
    for (const row of missing) {
      const pem = reissueSigningCertificate(ca, row.certificate_pem, revocationPointers(config.PUBLIC_URL), now);
      const x509 = new X509Certificate(pem);
      await tx.query(`UPDATE signer_credential SET revoked_at = $2, revocation_reason = 'superseded' WHERE id = $1`, [row.id, now]);
      await tx.query(
        `INSERT INTO signer_credential (person_id, provider, certificate_pem, chain_pems, sealed_private_key, subject, serial_number, not_before, not_after)
         VALUES ($1, 'local', $2, $3, $4, $5, $6, $7, $8)`,
        [row.person_id, pem, row.chain_pems, row.sealed_private_key, oneLine(x509.subject), x509.serialNumber, new Date(x509.validFrom), new Date(x509.validTo)],
      );
    }
    return missing.length;
  });
}

/** "C=ID\nO=..." as "C=ID, O=...". */
export function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}
