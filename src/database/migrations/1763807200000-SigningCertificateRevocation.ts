import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation that respects time: a signing certificate of the deployment CA is revoked from a
 * given moment (revoked_at, which may lie ahead) for a reason (RFC 5280 CRLReason name), by
 * whom. Certificates replaced before this change were superseded. The CRL and OCSP read these
 * rows; OCSP looks certificates up by serial number.
 */
export class SigningCertificateRevocation1763807200000 implements MigrationInterface {
  name = 'SigningCertificateRevocation1763807200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signer_credential ADD COLUMN revocation_reason varchar(32)`);
    await q.query(`ALTER TABLE signer_credential ADD COLUMN revoked_by uuid`);
    await q.query(`UPDATE signer_credential SET revocation_reason = 'superseded' WHERE revoked_at IS NOT NULL`);
    await q.query(
      `ALTER TABLE signer_credential ADD CONSTRAINT ck_signer_credential_revocation CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL) AND revocation_reason IN ('unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn'))`,
    );
    await q.query(
      `ALTER TABLE signer_credential ADD CONSTRAINT fk_signer_credential_revoked_by FOREIGN KEY (revoked_by) REFERENCES person (id) ON DELETE SET NULL`,
    );
    await q.query(`CREATE INDEX ix_signer_credential_serial_number ON signer_credential ((ltrim(upper(serial_number), '0')))`);
    await q.query(`CREATE INDEX ix_signer_credential_revoked_at ON signer_credential (revoked_at) WHERE revoked_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_signer_credential_revoked_at`);
    await q.query(`DROP INDEX ix_signer_credential_serial_number`);
    await q.query(`ALTER TABLE signer_credential DROP CONSTRAINT fk_signer_credential_revoked_by`);
    await q.query(`ALTER TABLE signer_credential DROP CONSTRAINT ck_signer_credential_revocation`);
    await q.query(`ALTER TABLE signer_credential DROP COLUMN revoked_by`);
    await q.query(`ALTER TABLE signer_credential DROP COLUMN revocation_reason`);
  }
}
