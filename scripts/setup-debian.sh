#!/usr/bin/env bash
# Installs every Debian package Peakend needs to build, test, benchmark and serve.
# Run as root on Debian bookworm. Safe to run again: installed packages are skipped quickly.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl time
  libsqlite3-dev sqlite3 libpq-dev postgresql
  nlohmann-json3-dev libfmt-dev libspdlog-dev libcli11-dev libcpp-httplib-dev
  libicu-dev libstemmer-dev libboost-dev libboost-math-dev libsodium-dev zlib1g-dev libssl-dev libbrotli-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# Node.js (with npm) runs the browser tests and peer benchmarks; a machine may already have one.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: all Debian packages present"
fi
