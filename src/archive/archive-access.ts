import { PersonPrincipal } from '../records/principal';
import { registrarUnitIds, visibleLettersSql } from '../letters/letter-access';
import { Role } from '../records/person.entity';

/**
 * The letters the caller may see, as SQL on the letter alias: the one visibility rule of
 * letters, lists and search. Every archive query calls it through here, so moving the rule
 * (into the letters repository) changes one line.
 */
export function archiveVisibleLettersSql(principal: PersonPrincipal, alias: string, firstParam: number): { sql: string; params: unknown[] } {
  return visibleLettersSql(principal, alias, firstParam);
}

export const isArchivist = (principal: PersonPrincipal): boolean => principal.roles.includes(Role.Archivist);

/**
 * Whose berkas the caller keeps, as SQL on the berkas alias with one parameter (uuid[] or null):
 * an archivist every unit's (null); a registrar (TU) those of the units of their positions and
 * the units below them, as their agenda book runs; anyone else none.
 */
export function berkasScopeSql(principal: PersonPrincipal, alias: string, param: number): { sql: string; params: unknown[] } {
  const units = isArchivist(principal) ? null : registrarUnitIds(principal);
  return {
    sql: `($${param}::uuid[] IS NULL OR ${alias}.unit_id IN (WITH RECURSIVE down AS (SELECT id FROM unit WHERE id = ANY($${param}::uuid[])
            UNION ALL SELECT u.id FROM unit u JOIN down ON u.parent_id = down.id) SELECT id FROM down))`,
    params: [units],
  };
}
