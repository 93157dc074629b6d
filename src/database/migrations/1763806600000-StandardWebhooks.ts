import { MigrationInterface, QueryRunner } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { openWebhookSecret, sealWebhookSecret } from '../../common/crypto/webhook-secret.box';

/**
 * Standard Webhooks (standardwebhooks.com):
 * - a module's previous webhook secret is kept for an overlap after a rotation, so that
 *   deliveries carry both signatures until it ends;
 * - secrets move from `whsec_<base64url>` to `whsec_<standard base64>`, the form the official
 *   libraries decode (the same key bytes); the secret as the module was shown it is kept in
 *   webhook_secret_legacy_encrypted, the key of the deprecated X-Esurat-Signature, so modules
 *   that check that header go on working until they switch;
 * - a test delivery (`ping`) belongs to no approval: webhook_event.letter_id becomes nullable.
 *
 * Opening the sealed secrets needs WEBHOOK_SECRET_ENCRYPTION_KEY: dataSourceOptions hands the
 * configuration over with `withConfig`.
 */
export class StandardWebhooks1763806600000 implements MigrationInterface {
  name = 'StandardWebhooks1763806600000';
  protected encryptionKey?: string;

  static withConfig(config: AppConfig): typeof StandardWebhooks1763806600000 {
    return class extends StandardWebhooks1763806600000 {
      protected override encryptionKey = config.WEBHOOK_SECRET_ENCRYPTION_KEY;
    };
  }

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE module_client ADD COLUMN webhook_secret_previous_encrypted text`);
    await q.query(`ALTER TABLE module_client ADD COLUMN webhook_secret_previous_until timestamptz`);
    await q.query(`ALTER TABLE module_client ADD COLUMN webhook_secret_legacy_encrypted text`);
    await q.query(`ALTER TABLE webhook_event ALTER COLUMN letter_id DROP NOT NULL`);
    await q.query(`CREATE INDEX ix_webhook_event_module_id_created_at ON webhook_event (module_id, created_at, id)`);
    if (!this.encryptionKey) throw new Error('StandardWebhooks1763806600000 needs the configuration (StandardWebhooks1763806600000.withConfig)');
    await moveSecretsToStandardBase64(q, this.encryptionKey);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE module_client SET webhook_secret_encrypted = webhook_secret_legacy_encrypted WHERE webhook_secret_legacy_encrypted IS NOT NULL`);
    await q.query(`DELETE FROM webhook_event WHERE letter_id IS NULL`);
    await q.query(`DROP INDEX ix_webhook_event_module_id_created_at`);
    await q.query(`ALTER TABLE webhook_event ALTER COLUMN letter_id SET NOT NULL`);
    await q.query(`ALTER TABLE module_client DROP COLUMN webhook_secret_legacy_encrypted`);
    await q.query(`ALTER TABLE module_client DROP COLUMN webhook_secret_previous_until`);
    await q.query(`ALTER TABLE module_client DROP COLUMN webhook_secret_previous_encrypted`);
  }
}

/**
 * Re-encodes every `whsec_<base64url>` secret as `whsec_<standard base64>` of the same bytes,
 * keeping the old text as the legacy key. A secret already in standard base64 is left alone,
 * so running it twice changes nothing.
 */
export async function moveSecretsToStandardBase64(q: { query: (sql: string, params?: unknown[]) => Promise<any> }, encryptionKey: string): Promise<number> {
  const rows: { id: string; sealed: string }[] = await q.query(
    `SELECT id, webhook_secret_encrypted AS sealed FROM module_client WHERE webhook_secret_encrypted IS NOT NULL AND webhook_secret_legacy_encrypted IS NULL`,
  );
  let moved = 0;
  for (const row of rows) {
    const secret = openWebhookSecret(encryptionKey, row.sealed);
    const encoded = secret.replace(/^whsec_/, '');
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) && encoded.length % 4 === 0) continue;
    const standard = `whsec_${Buffer.from(encoded, 'base64url').toString('base64')}`;
    await q.query(`UPDATE module_client SET webhook_secret_encrypted = $2, webhook_secret_legacy_encrypted = $3 WHERE id = $1`, [
      row.id,
      sealWebhookSecret(encryptionKey, standard),
      row.sealed,
    ]);
    moved++;
  }
  return moved;
}
