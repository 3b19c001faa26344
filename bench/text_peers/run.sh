#!/usr/bin/env bash
# Peakend's text analysis side by side with the npm sentiment packages, on the same labeled
# texts: throughput on one core and macro-F1, Dutch and English, on every labeled set in
# bench/data (see its README: the held-out test sets are the ones to quote) and on any labeled
# CSV of your own.
#   bash bench/text_peers/run.sh [--build DIR] [FILE.csv:nl|en ...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$here/../../build/release"
sets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    *:nl|*:en) sets+=("$1"); shift ;;
    *) echo "usage: run.sh [--build DIR] [FILE.csv:nl|en ...]  ('$1' is neither)" >&2; exit 2 ;;
  esac
done
if [ ${#sets[@]} -eq 0 ]; then
  for lang in nl en; do
    for set in labeled_$lang heldout_${lang}_dev heldout_${lang}_test; do sets+=("$here/../data/$set.csv:$lang"); done
  done
fi
cd "$here"
if [ ! -d node_modules/@nlpjs/lang-en ]; then
  npm install --no-audit --no-fund --silent --no-save vader-sentiment sentiment @nlpjs/core @nlpjs/sentiment \
    @nlpjs/lang-nl @nlpjs/lang-en >/dev/null
fi
normalized="$(mktemp --suffix .csv)"
trap 'rm -f "$normalized"' EXIT
for entry in "${sets[@]}"; do
  data="${entry%:*}"
  lang="${entry##*:}"
  echo "== $lang $(basename "$data" .csv)"
  # One core for everyone; the peers read the texts and labels exactly as Peakend read them.
  taskset -c 0 "$build/bench/bench_text_accuracy" "$data" --repeat 1500 --write-normalized "$normalized" |
    grep -E "^--|accuracy|texts/s"
  taskset -c 0 node peers.mjs "$normalized" "$lang"
done
