/** The visibility rule lives in access/letter-access.repository.ts; this path is kept for its importers. */
export { registrarUnitIds, visibleLettersSql } from './access/letter-access.repository';
