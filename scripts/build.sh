#!/usr/bin/env bash
# Configures and builds Peakend in Release with the CMake preset.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
