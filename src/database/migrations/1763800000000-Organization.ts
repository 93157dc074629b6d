import { MigrationInterface, QueryRunner } from 'typeorm';

/** Units, positions, people, holders, Plt/Plh delegations, modules and their API keys. */
export class Organization1763800000000 implements MigrationInterface {
  name = 'Organization1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE unit (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code varchar(50) NOT NULL,
        name varchar(200) NOT NULL,
        parent_id uuid,
        letterhead jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_unit_id PRIMARY KEY (id),
        CONSTRAINT fk_unit_parent_id FOREIGN KEY (parent_id) REFERENCES unit(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE UNIQUE INDEX ix_unit_code ON unit (code)`);
    await q.query(`CREATE INDEX ix_unit_parent_id ON unit (parent_id)`);

    await q.query(`
      CREATE TABLE position (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code varchar(50) NOT NULL,
        name varchar(200) NOT NULL,
        unit_id uuid NOT NULL,
        superior_id uuid,
        is_head boolean NOT NULL DEFAULT false,
        can_sign boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_position_id PRIMARY KEY (id),
        CONSTRAINT fk_position_unit_id FOREIGN KEY (unit_id) REFERENCES unit(id) ON DELETE RESTRICT,
        CONSTRAINT fk_position_superior_id FOREIGN KEY (superior_id) REFERENCES position(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE UNIQUE INDEX ix_position_code ON position (code)`);
    await q.query(`CREATE INDEX ix_position_unit_id ON position (unit_id)`);
    await q.query(`CREATE INDEX ix_position_superior_id ON position (superior_id)`);

    await q.query(`
      CREATE TABLE person (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL,
        name varchar(200) NOT NULL,
        nip char(18),
        nik char(16),
        email varchar(200),
        roles text[] NOT NULL DEFAULT '{}',
        password_hash varchar(200) NOT NULL,
        demo_password boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        token_version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_person_id PRIMARY KEY (id)
      )`);
    await q.query(`CREATE UNIQUE INDEX ix_person_username ON person (username)`);
    await q.query(`CREATE UNIQUE INDEX ux_person_username_lower ON person (lower(username))`);
    await q.query(`CREATE UNIQUE INDEX ix_person_nip ON person (nip) WHERE nip IS NOT NULL`);

    await q.query(`
      CREATE TABLE position_assignment (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL,
        position_id uuid NOT NULL,
        started_on date NOT NULL,
        ended_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_position_assignment_id PRIMARY KEY (id),
        CONSTRAINT fk_position_assignment_person_id FOREIGN KEY (person_id) REFERENCES person(id) ON DELETE CASCADE,
        CONSTRAINT fk_position_assignment_position_id FOREIGN KEY (position_id) REFERENCES position(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_position_assignment_person_id_ended_on ON position_assignment (person_id, ended_on)`);
    await q.query(`CREATE INDEX ix_position_assignment_position_id_ended_on ON position_assignment (position_id, ended_on)`);

    await q.query(`
      CREATE TABLE delegation (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind varchar(8) NOT NULL,
        person_id uuid NOT NULL,
        position_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        reason varchar(300),
        created_by_id uuid,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_delegation_id PRIMARY KEY (id),
        CONSTRAINT ck_delegation_period CHECK (ends_at > starts_at),
        CONSTRAINT ck_delegation_kind CHECK (kind IN ('plt', 'plh')),
        CONSTRAINT fk_delegation_person_id FOREIGN KEY (person_id) REFERENCES person(id) ON DELETE CASCADE,
        CONSTRAINT fk_delegation_position_id FOREIGN KEY (position_id) REFERENCES position(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_delegation_person_id_starts_at_ends_at ON delegation (person_id, starts_at, ends_at)`);
    await q.query(`CREATE INDEX ix_delegation_position_id_starts_at_ends_at ON delegation (position_id, starts_at, ends_at)`);

    await q.query(`
      CREATE TABLE module_client (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name varchar(64) NOT NULL,
        description varchar(300),
        scopes text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_module_client_id PRIMARY KEY (id)
      )`);
    await q.query(`CREATE UNIQUE INDEX ix_module_client_name ON module_client (name)`);

    await q.query(`
      CREATE TABLE api_key (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        module_id uuid NOT NULL,
        key_hash char(64) NOT NULL,
        prefix varchar(16) NOT NULL,
        scopes text[] NOT NULL DEFAULT '{}',
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_api_key_id PRIMARY KEY (id),
        CONSTRAINT fk_api_key_module_id FOREIGN KEY (module_id) REFERENCES module_client(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX ix_api_key_key_hash ON api_key (key_hash)`);
    await q.query(`CREATE INDEX ix_api_key_module_id ON api_key (module_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['api_key', 'module_client', 'delegation', 'position_assignment', 'person', 'position', 'unit']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
