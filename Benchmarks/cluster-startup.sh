#!/usr/bin/env bash
# Measures how long migcheck takes to start a throwaway PostgreSQL cluster from its cache
# (copy of the cached data directory + postgres start + ready according to PQping).
# Usage: Benchmarks/cluster-startup.sh [RUNS]       (default 20; MIGCHECK=path/to/migcheck)
# Builds the release binary if MIGCHECK is not set. The first start may run initdb to fill the
# cache; it is reported separately and left out of the statistics.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-20}
if [ -z "${MIGCHECK:-}" ]; then
  (cd "$here" && swift build -c release --product migcheck >&2)
  MIGCHECK="$here/.build/release/migcheck"
fi
"$MIGCHECK" debug start-cluster --print-timing --repeat 1 | awk -F'\t' '{ printf "warm-up start (%s): %.3f s\n", $1, $4 }'
"$MIGCHECK" debug start-cluster --print-timing --repeat "$runs" | sort -t$'\t' -k4,4n | awk -F'\t' '
  { total[NR] = $4; prep += $2; ready += $3; if ($1 != "cached") uncached++ }
  END {
    if (uncached) print "warning: " uncached " start(s) did not use the cache" > "/dev/stderr"
    printf "cached starts: %d  median %.3f s  min %.3f s  max %.3f s  (mean copy %.3f s, mean server-ready %.3f s)\n",
      NR, total[int((NR + 1) / 2)], total[1], total[NR], prep / NR, ready / NR
  }'
