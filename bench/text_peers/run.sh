#!/usr/bin/env bash
# Peakend's text analysis side by side with the npm sentiment packages, on the same labeled
# texts: throughput on one core and macro-F1, Dutch and English, on every labeled set in
# bench/data (see its README: the held-out test sets are the ones to quote).
#   bash bench/text_peers/run.sh [build dir]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/release}"
cd "$here"
if [ ! -d node_modules/@nlpjs/lang-en ]; then
  npm install --no-audit --no-fund --silent --no-save vader-sentiment sentiment @nlpjs/core @nlpjs/sentiment \
    @nlpjs/lang-nl @nlpjs/lang-en >/dev/null
fi
for lang in nl en; do
  for set in labeled_$lang heldout_${lang}_dev heldout_${lang}_test; do
    data="$here/../data/$set.csv"
    echo "== $lang $set"
    # One core for everyone.
    taskset -c 0 "$build/bench/bench_text_accuracy" "$data" --repeat 1500 | grep -E "^--|accuracy|texts/s"
    taskset -c 0 node peers.mjs "$data" "$lang"
  done
done
