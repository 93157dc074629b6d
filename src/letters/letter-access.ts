import { actingPositionIds, PersonPrincipal } from '../auth/principal';
import { Role } from '../organization/person.entity';
import { CONFIDENTIAL_SIFAT } from './letter.entity';

/**
 * The letter rule of the CASL ability (authz/ability.factory.ts) as SQL on the letter alias,
 * for lists, counts and search: the drafter; anyone acting for a position that takes part
 * (route, signers, disposition, grant; recipients and tembusan once the letter was delivered
 * to them); archivists for letters that
 * are not Rahasia or Sangat Rahasia. The e2e access matrix keeps the two in step.
 */
export function visibleLettersSql(principal: PersonPrincipal, alias = 'l', firstParam = 1): { sql: string; params: unknown[] } {
  const p = (n: number) => `$${firstParam + n}`;
  const sql = `(${alias}.drafter_person_id = ${p(0)}
    OR EXISTS (SELECT 1 FROM letter_participant lp WHERE lp.letter_id = ${alias}.id AND lp.position_id = ANY(${p(1)}::uuid[])
               AND (lp.role NOT IN ('recipient', 'tembusan') OR ${alias}.delivered_at IS NOT NULL))
    OR (${p(2)}::boolean AND ${alias}.sifat <> ALL(${p(3)}::text[])))`;
  return {
    sql,
    params: [principal.personId, actingPositionIds(principal), principal.roles.includes(Role.Archivist), CONFIDENTIAL_SIFAT],
  };
}
