import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { actingPositionIds, PersonPrincipal, Principal } from '../../records/principal';
import { preparedQuery } from '../../database/prepared-query';
import { Role } from '../../records/person.entity';
import { CONFIDENTIAL_SIFAT } from '../../records/letter.entity';

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
 * The one rule of who may see a letter: lists, counts, the letter itself (loadVisible) and
 * search all go through it. The drafter; anyone acting for a position that takes part (route,
 * signers, disposition, grant; recipients and tembusan once the letter was delivered to them);
 * archivists for letters that are not Rahasia or Sangat Rahasia; a registrar for the numbered
 * outgoing letters of their unit and the units below it that are not Rahasia (the letters of
 * their agenda book, which the workflow lets them send and file). Admins run the system, they do
 * not read its mail. Five parameters from `firstParam` on.
 *
 * The rule is written once, as its four branches, and rendered three ways: `visibleLettersSql`
 * as a predicate on a letter row (the live rule: lists, one letter, what a search shows);
 * `letterReadersSql` as the keys of the first two branches that the search index keeps with each
 * letter (its drafter and the positions its participants admit); `searchKeysSql` as the rule on
 * a search row, those keys with the other two branches on the row's own columns, so that the
 * words' and the rule's GIN indexes meet before any row is read. A spec checks that the index's
 * rendering admits exactly the letters the live rule does.
 */
function ruleBranches(firstParam: number) {
  const p = (n: number) => `$${firstParam + n}`;
  /** Whether a participant row `lp` of letter `l` lets its position in: any role, but recipients and tembusan only once delivered. */
  const admits = (lp: string, l: string) => `(${lp}.role NOT IN ('recipient', 'tembusan') OR ${l}.delivered_at IS NOT NULL)`;
  return {
    admits,
    drafter: (l: string) => `${l}.drafter_person_id = ${p(0)}`,
    /** A participant row `lp` of letter `l` that lets the caller in. */
    participant: (lp: string, l: string) => `${lp}.position_id = ANY(${p(1)}::uuid[]) AND ${admits(lp, l)}`,
    /** The caller's keys among a letter's readers: their person (the drafter) and the positions they act for. */
    readers: (keys: string) => `${keys} && (ARRAY[${p(0)}::uuid] || ${p(1)}::uuid[])`,
    archivist: (l: string) => `${p(2)}::boolean AND ${l}.sifat <> ALL(${p(3)}::text[])`,
    registrar: (l: string) => `cardinality(${p(4)}::uuid[]) > 0 AND ${l}.kind = 'outgoing' AND ${l}.number IS NOT NULL AND ${l}.sifat <> ALL(${p(3)}::text[])
        AND ${l}.unit_id IN (WITH RECURSIVE down AS (SELECT id FROM unit WHERE id = ANY(${p(4)}::uuid[])
                                   UNION ALL SELECT u.id FROM unit u JOIN down ON u.parent_id = down.id) SELECT id FROM down)`,
  };
}

function ruleParams(principal: PersonPrincipal): unknown[] {
  return [principal.personId, actingPositionIds(principal), principal.roles.includes(Role.Archivist), CONFIDENTIAL_SIFAT, registrarUnitIds(principal)];
}

/** The rule as a predicate on the letter alias. */
export function visibleLettersSql(principal: PersonPrincipal, alias = 'l', firstParam = 1): { sql: string; params: unknown[] } {
  const b = ruleBranches(firstParam);
  const sql = `(${b.drafter(alias)}
    OR EXISTS (SELECT 1 FROM letter_participant lp WHERE lp.letter_id = ${alias}.id AND ${b.participant('lp', alias)})
    OR (${b.archivist(alias)})
    OR (${b.registrar(alias)}))`;
  return { sql, params: ruleParams(principal) };
}

/**
 * The readers the search index keeps with a letter (an expression giving its id, e.g. `r.id`):
 * its drafter (a person id) and every position whose participant row admits it (position ids),
 * as one uuid[]. No parameters.
 */
export function letterReadersSql(letterId: string): string {
  const b = ruleBranches(1);
  return `ARRAY(SELECT x.drafter_person_id FROM letter x WHERE x.id = ${letterId} AND x.drafter_person_id IS NOT NULL
                UNION SELECT lp.position_id FROM letter_participant lp JOIN letter x ON x.id = lp.letter_id WHERE lp.letter_id = ${letterId} AND ${b.admits('lp', 'x')})`;
}

/**
 * The rule on a search row `alias` (letter_search): the caller's keys among its readers, or the
 * archivist's and registrar's branches on the row's sifat, kind, number and unit. The same five
 * parameters as `visibleLettersSql`. The index follows a change within a second or two; what a
 * search shows is checked against the live rule as well.
 */
export function searchKeysSql(principal: PersonPrincipal, alias = 's', firstParam = 1): { sql: string; params: unknown[] } {
  const b = ruleBranches(firstParam);
  const sql = `(${b.readers(`${alias}.readers`)}
    OR (${b.archivist(alias)})
    OR (${b.registrar(alias)}))`;
  return { sql, params: ruleParams(principal) };
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

  /** The rule on a search row (letter_search `alias`), its parameters numbered from `firstParam`. */
  searchKeysSql(principal: PersonPrincipal, alias = 's', firstParam = 1): { sql: string; params: unknown[] } {
    return searchKeysSql(principal, alias, firstParam);
  }
}
