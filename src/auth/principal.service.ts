import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DelegationKind } from '../records/delegation.entity';
import { Role } from '../records/person.entity';
import { PersonPrincipal } from '../records/principal';

interface PersonRow {
  id: string;
  username: string;
  name: string;
  roles: Role[];
  active: boolean;
  token_version: number;
}

type Loaded = { principal: PersonPrincipal; active: boolean; tokenVersion: number };

/** How long a loaded principal is reused: the most a role, holder or delegation change lags elsewhere. */
export const PRINCIPAL_CACHE_MS = 5000;

/**
 * Loads who a person is right now: roles, positions held today, delegations in force now.
 * Every request needs it, so it is kept for a few seconds; changes made through this process
 * (delegations, holders, passwords, people) drop the entry at once.
 */
@Injectable()
export class PrincipalService {
  private readonly cache = new Map<string, { loaded: Loaded; until: number }>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async current(personId: string): Promise<Loaded | null> {
    const hit = this.cache.get(personId);
    if (hit && hit.until > Date.now()) return hit.loaded;
    const loaded = await this.loadPerson(personId);
    if (loaded) {
      // Delegations end on their own: never keep an entry past the earliest end.
      const ends = Math.min(...loaded.principal.delegations.map((d) => new Date(d.endsAt).getTime()), Infinity);
      this.cache.set(personId, { loaded, until: Math.min(Date.now() + PRINCIPAL_CACHE_MS, ends) });
      if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value as string);
    }
    return loaded;
  }

  /** Drops one person's entry, or all of them (an org change can touch many people). */
  invalidate(personId?: string): void {
    if (personId) this.cache.delete(personId);
    else this.cache.clear();
  }

  async loadPerson(personId: string): Promise<{ principal: PersonPrincipal; active: boolean; tokenVersion: number } | null> {
    const [person] = (await this.db.query(
      'SELECT id, username, name, roles, active, token_version FROM person WHERE id = $1',
      [personId],
    )) as PersonRow[];
    if (!person) return null;
    const positions = await this.db.query(
      `SELECT p.id AS "positionId", p.name AS "positionName", p.unit_id AS "unitId"
         FROM position_assignment a JOIN position p ON p.id = a.position_id
        WHERE a.person_id = $1 AND a.started_on <= CURRENT_DATE AND (a.ended_on IS NULL OR a.ended_on >= CURRENT_DATE)
        ORDER BY p.name`,
      [personId],
    );
    const delegations = await this.db.query(
      `SELECT d.id AS "delegationId", d.kind, d.ends_at AS "endsAt", p.id AS "positionId", p.name AS "positionName", p.unit_id AS "unitId"
         FROM delegation d JOIN position p ON p.id = d.position_id
        WHERE d.person_id = $1 AND d.revoked_at IS NULL AND d.starts_at <= now() AND d.ends_at > now()
        ORDER BY d.starts_at`,
      [personId],
    );
    return {
      active: person.active,
      tokenVersion: person.token_version,
      principal: {
        kind: 'person',
        personId: person.id,
        username: person.username,
        name: person.name,
        roles: person.roles,
        positions,
        delegations: delegations.map((d: { kind: string }) => ({ ...d, kind: d.kind as DelegationKind })),
      },
    };
  }
}
