#!/usr/bin/env bash
# Times the import of a Phraseanet 3.8.8 installation (bin/setup system:upgrade) against a raw INSERT … SELECT copy of
# the same source tables (record, metadatas, subdef) on the same MariaDB server. The synthetic 3.8.8 databox holds N
# records with 8 caption values and 3 subdef rows each (the files exist, empty). Prints both times and their ratio
# (target: 2 or less).
#
# Usage: bench/legacy388.sh [N]                      (default 100000; by hand 1000000)
#   ATHANOR_TEST_MARIADB=user[:password]@host[:port] chooses the server (default root@127.0.0.1:3306, no password).
#   KEEP=1 keeps the databases and files. Not run by the test suite. Cleans up after itself.
set -euo pipefail
n=${1:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
echo "Compiling (./mvnw test-compile)…"
./mvnw -q -o -DskipTests test-compile
cp_file=$(mktemp)
work=$(mktemp -d "${TMPDIR:-/tmp}/athanor-bench-legacy388-XXXXXX")
trap 'rm -f "$cp_file"; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
./mvnw -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
cp -r target/classes target/test-classes "$work/"      # a rebuild during the run does not touch the classes in use
cd "$work"                                             # logs/upgrade-*.log is written there
java -Xmx1g -Dathanor.log.level=WARN -cp "$work/test-classes:$work/classes:$(cat "$cp_file")" \
    org.athanor.setup.upgrade.legacy.Legacy388Bench "$n" "$work"
