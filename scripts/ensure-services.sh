#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) answer, starting the
# machine's own services when they do not. Idempotent; used by `npm start`, `npm test` and CI.
set -euo pipefail

PGHOST="${DB_HOST:-127.0.0.1}"
PGPORT="${DB_PORT:-5432}"
REDIS_HOST_="${REDIS_HOST:-127.0.0.1}"
REDIS_PORT_="${REDIS_PORT:-6379}"

wait_for() { # name, command...
  local name=$1; shift
  for _ in $(seq 1 30); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "ensure-services: $name did not come up" >&2
  return 1
}

if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
  if [ "$PGHOST" = "127.0.0.1" ] && [ -d /etc/postgresql ]; then
    echo "ensure-services: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start || true
  fi
  wait_for PostgreSQL pg_isready -q -h "$PGHOST" -p "$PGPORT"
fi

redis_up() { redis-cli -h "$REDIS_HOST_" -p "$REDIS_PORT_" ping | grep -q PONG; }
if ! redis_up 2>/dev/null; then
  if [ "$REDIS_HOST_" = "127.0.0.1" ] && command -v redis-server >/dev/null; then
    echo "ensure-services: starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT_" --save "" --appendonly no
  fi
  wait_for Redis redis_up
fi
