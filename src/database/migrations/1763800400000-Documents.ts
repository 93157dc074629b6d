import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents and electronic signatures: every stored version of a letter's PDF, officials'
 * signing credentials, signing failures (lockout), the deployment CA, and the letter's
 * current document, verification code and signing time.
 */
export class Documents1763800400000 implements MigrationInterface {
  name = 'Documents1763800400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deployment_ca (
        id smallint NOT NULL DEFAULT 1,
        certificate_pem text NOT NULL,
        sealed_private_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_deployment_ca_id PRIMARY KEY (id),
        CONSTRAINT ck_deployment_ca_single CHECK (id = 1)
      )`);

    await q.query(`
      CREATE TABLE letter_document (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        letter_id uuid NOT NULL,
        kind varchar(20) NOT NULL,
        sequence integer NOT NULL,
        object_id uuid NOT NULL,
        sha256 char(64) NOT NULL,
        size bigint NOT NULL,
        signer_person_id uuid,
        signer_position_id uuid,
        signer_capacity varchar(8),
        signer_name varchar(200),
        signer_position_name varchar(200),
        provider varchar(8),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_letter_document_id PRIMARY KEY (id),
        CONSTRAINT uq_letter_document_letter_id_sequence UNIQUE (letter_id, sequence),
        CONSTRAINT ck_letter_document_kind CHECK (kind IN ('draft', 'final', 'signed', 'attachment-render')),
        CONSTRAINT ck_letter_document_size CHECK (size >= 0),
        CONSTRAINT fk_letter_document_letter_id FOREIGN KEY (letter_id) REFERENCES letter (id) ON DELETE CASCADE,
        CONSTRAINT fk_letter_document_object_id FOREIGN KEY (object_id) REFERENCES stored_object (id) ON DELETE RESTRICT,
        CONSTRAINT fk_letter_document_signer_person_id FOREIGN KEY (signer_person_id) REFERENCES person (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX ix_letter_document_sha256 ON letter_document (sha256)`);

    await q.query(`
      CREATE TABLE signer_credential (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL,
        provider varchar(8) NOT NULL,
        certificate_pem text NOT NULL,
        chain_pems text[] NOT NULL DEFAULT '{}',
        sealed_private_key text NOT NULL,
        subject varchar(500) NOT NULL,
        serial_number varchar(80) NOT NULL,
        not_before timestamptz NOT NULL,
        not_after timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CONSTRAINT pk_signer_credential_id PRIMARY KEY (id),
        CONSTRAINT ck_signer_credential_provider CHECK (provider IN ('local', 'bsre')),
        CONSTRAINT fk_signer_credential_person_id FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
      )`);
    // One usable credential per person and provider; replaced ones stay, revoked.
    await q.query(`CREATE UNIQUE INDEX ux_signer_credential_active ON signer_credential (person_id, provider) WHERE revoked_at IS NULL`);

    await q.query(`
      CREATE TABLE signing_failure (
        id bigserial NOT NULL,
        person_id uuid NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_signing_failure_id PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX ix_signing_failure_person_id_at ON signing_failure (person_id, at)`);

    await q.query(`ALTER TABLE letter ADD COLUMN current_document_id uuid`);
    await q.query(`ALTER TABLE letter ADD COLUMN verification_code varchar(40)`);
    await q.query(`ALTER TABLE letter ADD COLUMN signed_at timestamptz`);
    await q.query(`ALTER TABLE letter ADD CONSTRAINT uq_letter_verification_code UNIQUE (verification_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE letter DROP CONSTRAINT uq_letter_verification_code`);
    await q.query(`ALTER TABLE letter DROP COLUMN signed_at`);
    await q.query(`ALTER TABLE letter DROP COLUMN verification_code`);
    await q.query(`ALTER TABLE letter DROP COLUMN current_document_id`);
    await q.query(`DROP TABLE signing_failure`);
    await q.query(`DROP TABLE signer_credential`);
    await q.query(`DROP TABLE letter_document`);
    await q.query(`DROP TABLE deployment_ca`);
  }
}
