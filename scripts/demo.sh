#!/usr/bin/env bash
# One command: install dependencies, build, and serve the demo organisation.
# Extra arguments go to `peakend demo` (e.g. --port 9090).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
bash scripts/build.sh
exec ./build/release/peakend demo "$@"
