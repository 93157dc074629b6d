import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { actingPositionIds, PersonPrincipal, Principal } from '../../auth/principal';
import { preparedQuery } from '../../database/prepared-query';
import { Role } from '../../organization/person.entity';
import { CONFIDENTIAL_SIFAT } from '../letter.entity';

/**
 * The units whose outgoing letters a registrar (TU) sends and files: those of the positions
 * they hold or stand in for; the rule covers the units below them too, as the agenda book
 * does. Empty for anyone who is not a registrar.
 */
export function registrarUnitIds(principal: PersonPrincipal): string[] {
  if (!principal.roles.includes(Role.Registrar)) return [];
  return [...new Set([...principal.positions, ...principal.delegations].map((p) => p.unitId))];
}

/**
 * The one rule of who may see a letter, as SQL on the letter alias: lists, counts, the letter
 * itself (loadVisible) and search all go through it. The drafter; anyone acting for a position
 * that takes part (route, signers, disposition, grant; recipients and tembusan once the letter
 * was delivered to them); archivists for letters that are not Rahasia or Sangat Rahasia; a
 * registrar for the numbered outgoing letters of their unit and the units below it that are
 * not Rahasia (the letters of their agenda book, which the workflow lets them send and file).
 * Admins run the system, they do not read its mail. Five parameters from `firstParam` on.
 */
export function visibleLettersSql(principal: PersonPrincipal, alias = 'l', firstParam = 1): { sql: string; params: unknown[] } {
  const p = (n: number) => `$${firstParam + n}`;
  const sql = `(${alias}.drafter_person_id = ${p(0)}
    OR EXISTS (SELECT 1 FROM letter_participant lp WHERE lp.letter_id = ${alias}.id AND lp.position_id = ANY(${p(1)}::uuid[])
               AND (lp.role NOT IN ('recipient', 'tembusan') OR ${alias}.delivered_at IS NOT NULL))
    OR (${p(2)}::boolean AND ${alias}.sifat <> ALL(${p(3)}::text[]))
    OR (cardinality(${p(4)}::uuid[]) > 0 AND ${alias}.kind = 'outgoing' AND ${alias}.number IS NOT NULL AND ${alias}.sifat <> ALL(${p(3)}::text[])
        AND ${alias}.unit_id IN (WITH RECURSIVE down AS (SELECT id FROM unit WHERE id = ANY(${p(4)}::uuid[])
                                   UNION ALL SELECT u.id FROM unit u JOIN down ON u.parent_id = down.id) SELECT id FROM down)))`;
  return {
    sql,
    params: [principal.personId, actingPositionIds(principal), principal.roles.includes(Role.Archivist), CONFIDENTIAL_SIFAT, registrarUnitIds(principal)],
  };
}

/** A letter row (snake_case columns) with its participants as a JSON array. */
export type LetterRowWithParticipants = Record<string, unknown> & { participants: { position_id: string; role: string }[] };

const LOAD_VISIBLE_SQL = (() => {
  // The rule is built once with placeholder names: the statement text stays the same for every caller, so it is prepared once per connection.
  const rule = visibleLettersSql({ kind: 'person', personId: '', username: '', name: '', roles: [], positions: [], delegations: [] }, 'l', 2).sql;
  return `SELECT l.*, (SELECT coalesce(json_agg(json_build_object('position_id', p.position_id, 'role', p.role) ORDER BY p.role, p.position_id), '[]')
                       FROM letter_participant p WHERE p.letter_id = l.id) AS participants
            FROM letter l WHERE l.id = $1 AND ${rule}`;
})();

/**
 * Reads letters through the visibility rule (model: Immich's access repository): every read of
 * a letter for a caller asks here, so the rule has one home.
 */
@Injectable()
export class LetterAccessRepository {
  /**
   * The letter with its participants when the caller may see it, else undefined (a letter the
   * caller may not see does not exist for them). With `lock`, the row is locked for the
   * caller's transaction. A module sees no letter through this path.
   */
  async loadVisible(manager: EntityManager, letterId: string, principal: Principal | undefined, options: { lock?: boolean } = {}): Promise<LetterRowWithParticipants | undefined> {
    if (!principal || principal.kind !== 'person') return undefined;
    const access = visibleLettersSql(principal, 'l', 2);
    const sql = options.lock ? `${LOAD_VISIBLE_SQL} FOR NO KEY UPDATE OF l` : LOAD_VISIBLE_SQL;
    const [row] = await preparedQuery(manager, sql, [letterId, ...access.params]);
    return row;
  }

  /** The rule as SQL on `alias`, its parameters numbered from `firstParam`: for lists, counts and search. */
  visibleSql(principal: PersonPrincipal, alias = 'l', firstParam = 1): { sql: string; params: unknown[] } {
    return visibleLettersSql(principal, alias, firstParam);
  }
}
