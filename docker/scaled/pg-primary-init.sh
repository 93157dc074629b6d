#!/bin/bash
# Scaled profile, PostgreSQL primary: the role and the pg_hba line the streaming replica connects with.
# Runs once, from /docker-entrypoint-initdb.d, when the primary's data directory is created.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v password="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
