#!/usr/bin/env bash
# Benchmark of search: N synthetic records with realistic captions (several fields, multi-valued keywords, partial and
# full dates, French and English words, 4 collections, a status bit, camera models) indexed by Athanor's Lucene engine,
# then a fixed mix of 1 000 queries (words, phrases, fields, dates, prefixes, EXCEPT, flags, meta, facets on one query in
# four, the rights filter of a restricted user on one in two) run through Athanor's SearchEngine (parse, check against
# the structure, rights, search, hits, facets) and the same queries written directly against the same Lucene index.
# Prints the index time, p50/p99 and queries per second with one and two threads for both, the ratios, and the RSS
# of the process with the index open. Both sides must return the same totals for every query, or the run stops.
#
# Usage: bench/search.sh [N] [HEAP]      (default 100000 records, 512m heap; by hand: 1000000)
# Needs: a built distribution (./mvnw -DskipTests package, which also compiles the test classes), java. CPU heavy: on a
# shared machine run it when idle. The entry point, org.athanor.search.lucene.SearchBench, is test code (src/test/java):
# it is not in the production jar; everything it measures comes from the distribution's jars.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
HEAP=${2:-512m}
DIST=target/athanor-4.0.0
BENCH_CLASS=target/test-classes/org/athanor/search/lucene/SearchBench.class
[ -d "$DIST/lib" ] || { echo "No distribution in $DIST: run ./mvnw -DskipTests package first." >&2; exit 1; }
[ -f "$BENCH_CLASS" ] || { echo "No $BENCH_CLASS: run ./mvnw -DskipTests package first (it compiles the test classes too)." >&2; exit 1; }
command -v java >/dev/null || { echo "java is not installed." >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/athanor-search-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/classes/org/athanor/search/lucene"
cp target/test-classes/org/athanor/search/lucene/SearchBench*.class "$WORK/classes/org/athanor/search/lucene/"
echo "Search benchmark: $N records, heap $HEAP, $(nproc) processor(s), in $WORK"
java -Xmx"$HEAP" -cp "$WORK/classes:$DIST/lib/*" org.athanor.search.lucene.SearchBench "$N" "$WORK"
