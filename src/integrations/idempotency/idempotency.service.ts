import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { IntegrationError, IntegrationErrorCode } from '../integrations.errors';

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Idempotency-Key (API.md): a key is remembered for IDEMPOTENCY_TTL_HOURS (at least 24 h).
 * The key is claimed by the statement that creates the approval (approval-statement-parts.ts):
 * its INSERT … ON CONFLICT waits for a concurrent statement holding the same key, so of twenty
 * concurrent duplicates one creates the approval and the others write nothing and then read its
 * id here. A key whose row has expired is taken over by the same statement.
 */
@Injectable()
export class IdempotencyService {
  static assertKey(key: string): void {
    if (!KEY.test(key)) throw new IntegrationError(IntegrationErrorCode.IDEMPOTENCY_KEY_INVALID, 'Idempotency-Key must be 1 to 200 printable ASCII characters', 400);
  }

  /**
   * The approval a key already names, for the same request; null when the key is free (or
   * expired). The same key with another request is IDEMPOTENCY_KEY_REUSED.
   */
  async lookup(manager: EntityManager, moduleId: string, key: string, requestHash: string): Promise<string | null> {
    const [existing] = await manager.query('SELECT request_hash, approval_id FROM idempotency_key WHERE module_id = $1 AND key = $2 AND expires_at >= now()', [moduleId, key]);
    if (!existing?.approval_id) return null;
    if (existing.request_hash !== requestHash) throw IntegrationError.idempotencyKeyReused(key);
    return existing.approval_id;
  }
}
