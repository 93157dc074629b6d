import { EntityManager } from 'typeorm';
import { ArchiveError, ArchiveErrorCode } from '../archive.errors';

/**
 * Refuses (409 LEGAL_HOLD) when any of the berkas is under a legal hold not lifted: every
 * retention move and every disposal calls it inside its transaction, with the berkas locked.
 */
export async function assertNoLegalHold(tx: EntityManager, berkasIds: string[]): Promise<void> {
  const held: { berkasId: string }[] = await tx.query(`SELECT berkas_id AS "berkasId" FROM berkas_legal_hold WHERE berkas_id = ANY($1::uuid[]) AND lifted_at IS NULL ORDER BY berkas_id`, [berkasIds]);
  if (held.length > 0) throw new ArchiveError(ArchiveErrorCode.LEGAL_HOLD, 'A legal hold blocks retention moves and disposal of this berkas', { berkasIds: held.map((h) => h.berkasId) });
}
