import { actingPositionIds, PersonPrincipal } from '../auth/principal';
import { Role } from '../organization/person.entity';
import { CONFIDENTIAL_SIFAT } from './letter.entity';

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
 * The letter rule of the CASL ability (authz/ability.factory.ts) as SQL on the letter alias,
 * for lists, counts and search: the drafter; anyone acting for a position that takes part
 * (route, signers, disposition, grant; recipients and tembusan once the letter was delivered
 * to them); archivists for letters that are not Rahasia or Sangat Rahasia; a registrar for the
 * numbered outgoing letters of their unit and the units below it that are not Rahasia (the
 * letters of their agenda book, which the workflow lets them send and file). The e2e access
 * matrix keeps the two in step.
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
