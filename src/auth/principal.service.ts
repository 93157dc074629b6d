import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DelegationKind } from '../organization/delegation.entity';
import { Role } from '../organization/person.entity';
import { PersonPrincipal } from './principal';

interface PersonRow {
  id: string;
  username: string;
  name: string;
  roles: Role[];
  active: boolean;
  token_version: number;
}

/** Loads who a person is right now: roles, positions held today, delegations in force now. */
@Injectable()
export class PrincipalService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

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
