#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests (as root on Debian with the postgresql
# package) and prints the export line for PEAKEND_TEST_POSTGRES_URL. `stop` stops it.
#   eval "$(bash scripts/start-postgres.sh)"   ...   bash scripts/start-postgres.sh stop
set -euo pipefail
port="${PEAKEND_TEST_POSTGRES_PORT:-54329}"
dir="${PEAKEND_TEST_POSTGRES_DIR:-/tmp/peakend-postgres-$port}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$bin" ] || { echo "start-postgres: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "${1:-}" = stop ]; then
  [ -d "$dir" ] && as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

if ! as_postgres "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
fi
as_postgres "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = 'peakend_test'" | grep -q 1 ||
  as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres peakend_test
echo "export PEAKEND_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:$port/peakend_test"
