import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DirectoryEntryDto } from './dto/directory.dto';
import { OrganizationError } from './organization.errors';

/**
 * $1 words (each must match the jabatan, unit, code, holder or Plt/Plh), $2 signing positions
 * only, $3 limit. A position's holder is today's; its delegate the Plt/Plh whose delegation runs now.
 */
const SEARCH_SQL = `
  WITH entry AS (
    SELECT p.id, p.code, p.name, u.name AS unit_name, p.superior_id, p.can_sign, p.is_head,
           (SELECT pe.name FROM position_assignment a JOIN person pe ON pe.id = a.person_id
             WHERE a.position_id = p.id AND a.started_on <= current_date AND (a.ended_on IS NULL OR a.ended_on >= current_date)
             ORDER BY a.started_on DESC LIMIT 1) AS holder_name,
           (SELECT json_build_object('kind', g.kind, 'name', pe.name) FROM delegation g JOIN person pe ON pe.id = g.person_id
             WHERE g.position_id = p.id AND g.revoked_at IS NULL AND g.starts_at <= now() AND g.ends_at > now()
             ORDER BY g.kind LIMIT 1) AS delegate
      FROM position p JOIN unit u ON u.id = p.unit_id
     WHERE ($2::boolean IS NOT TRUE OR p.can_sign))
  SELECT * FROM entry e
   WHERE NOT EXISTS (
     SELECT 1 FROM unnest($1::text[]) w
      WHERE concat_ws(' ', e.name, e.unit_name, e.code, e.holder_name, e.delegate->>'name') NOT ILIKE '%' || w || '%')
   ORDER BY e.is_head DESC, e.name
   LIMIT $3`;

const escapeLike = (s: string) => s.replace(/[%_\\]/g, '\\$&');

/** Search over the organisation for the pickers: positions by jabatan, unit or the person in them. */
@Injectable()
export class DirectoryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(q: string | undefined, canSign: boolean, limit: number): Promise<DirectoryEntryDto[]> {
    const words = (q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 8).map(escapeLike);
    const rows = await this.db.query(SEARCH_SQL, [words, canSign, limit]);
    return rows.map(toEntry);
  }

  /** The superiors of a position, nearest first: the a.n./u.b. choices of a signer. */
  async superiors(positionId: string): Promise<DirectoryEntryDto[]> {
    const [exists] = await this.db.query('SELECT 1 FROM position WHERE id = $1', [positionId]);
    if (!exists) throw OrganizationError.notFound('Position', positionId);
    const chain: { id: string; depth: number }[] = await this.db.query(
      `WITH RECURSIVE up(id, superior_id, depth) AS (
         SELECT p.id, p.superior_id, 0 FROM position p WHERE p.id = $1
         UNION ALL
         SELECT p.id, p.superior_id, up.depth + 1 FROM position p JOIN up ON p.id = up.superior_id WHERE up.depth < 50
       ) SELECT id, depth FROM up WHERE depth > 0 ORDER BY depth`,
      [positionId],
    );
    if (chain.length === 0) return [];
    const rows = await this.db.query(SEARCH_SQL.replace('WHERE ($2::boolean IS NOT TRUE OR p.can_sign)', 'WHERE ($2::boolean IS NOT TRUE OR p.can_sign) AND p.id = ANY($4::uuid[])'), [
      [],
      false,
      chain.length,
      chain.map((c) => c.id),
    ]);
    const depth = new Map(chain.map((c) => [c.id, c.depth]));
    return rows.map(toEntry).sort((a: DirectoryEntryDto, b: DirectoryEntryDto) => depth.get(a.positionId)! - depth.get(b.positionId)!);
  }
}

function toEntry(r: Record<string, any>): DirectoryEntryDto {
  return {
    positionId: r.id,
    code: r.code,
    name: r.name,
    unitName: r.unit_name,
    superiorId: r.superior_id,
    canSign: r.can_sign,
    isHead: r.is_head,
    holderName: r.holder_name,
    delegate: r.delegate ?? null,
  };
}
