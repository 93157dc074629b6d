import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { IntegrationError, IntegrationErrorCode } from '../integrations.errors';

const KEY = /^[\x21-\x7e]{1,200}$/;

export type IdempotencyClaim = { kind: 'claimed' } | { kind: 'replay'; approvalId: string };

/**
 * Idempotency-Key (API.md): a key is remembered for IDEMPOTENCY_TTL_HOURS (at least 24 h).
 * The claim is the first statement of the creating transaction: INSERT … ON CONFLICT waits
 * for a concurrent transaction holding the same key, so of twenty concurrent duplicates one
 * creates the approval and the others then read its id. A key whose row has expired is taken
 * over by the same statement.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly config: AppConfig) {}

  static assertKey(key: string): void {
    if (!KEY.test(key)) throw new IntegrationError(IntegrationErrorCode.IDEMPOTENCY_KEY_INVALID, 'Idempotency-Key must be 1 to 200 printable ASCII characters', 400);
  }

  async claim(tx: EntityManager, moduleId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    const claimed = await tx.query(
      `INSERT INTO idempotency_key (module_id, key, request_hash, expires_at) VALUES ($1, $2, $3, now() + $4 * interval '1 hour')
       ON CONFLICT (module_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, approval_id = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_key.expires_at < now()
       RETURNING key`,
      [moduleId, key, requestHash, this.config.IDEMPOTENCY_TTL_HOURS],
    );
    if (claimed.length > 0) return { kind: 'claimed' };
    const [existing] = await tx.query('SELECT request_hash, approval_id FROM idempotency_key WHERE module_id = $1 AND key = $2', [moduleId, key]);
    if (!existing || !existing.approval_id) {
      // Only possible if the winner committed without an approval, which the service never does.
      throw new Error(`Idempotency key ${key} has no approval`);
    }
    if (existing.request_hash !== requestHash) throw IntegrationError.idempotencyKeyReused(key);
    return { kind: 'replay', approvalId: existing.approval_id };
  }

  async complete(tx: EntityManager, moduleId: string, key: string, approvalId: string): Promise<void> {
    await tx.query('UPDATE idempotency_key SET approval_id = $3 WHERE module_id = $1 AND key = $2', [moduleId, key, approvalId]);
  }
}
