#!/usr/bin/env bash
# One command: install dependencies, build, start a throwaway PostgreSQL server, and run the
# whole test suite (unit, store on SQLite and PostgreSQL, end-to-end over HTTP, browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
bash scripts/build.sh

eval "$(bash scripts/start-postgres.sh)"
trap 'bash scripts/start-postgres.sh stop >/dev/null 2>&1 || true' EXIT
export PEAKEND_REQUIRE_POSTGRES=1

if [ -f tests/browser/package.json ]; then
  (cd tests/browser && npm install --no-audit --no-fund --silent)
fi

ctest --preset release
