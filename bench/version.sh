#!/usr/bin/env bash
# Time `bin/console --version` (target: well under 0.5 s): builds the distribution when missing, runs it N times, prints
# the mean and the worst run. Usage: bench/version.sh [N]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}
dist=target/athanor-4.0.0
[ -x "$dist/bin/console" ] || ./mvnw -q -DskipTests package
"$dist/bin/console" --version >/dev/null      # warm the file cache
total=0; worst=0
for _ in $(seq 1 "$n"); do
    start=$(date +%s%N)
    "$dist/bin/console" --version >/dev/null
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    total=$((total + ms)); (( ms > worst )) && worst=$ms
done
echo "bin/console --version: mean $((total / n)) ms, worst ${worst} ms over $n runs (target < 500 ms)"
