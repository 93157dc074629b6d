#!/bin/bash
# Scaled profile, PostgreSQL streaming replica: the first start copies the primary with
# pg_basebackup (-R writes primary_conninfo and standby.signal, -C -S a replication slot so the
# primary keeps the WAL the replica has not received yet); every start then runs it as a hot standby.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h "$PRIMARY_HOST" -U replicator -d postgres; do sleep 2; done
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h "$PRIMARY_HOST" -U replicator -D "$PGDATA" -R -X stream -C -S replica_1 --no-password
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c hot_standby_feedback=on
