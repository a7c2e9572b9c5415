#!/usr/bin/env bash
# Times bin/setup system:upgrade of a 4.0.0-alpha.2 installation on PostgreSQL whose databox holds N generated records
# (3 caption values and 3 subdef rows each), against a raw INSERT … SELECT copy of the same tables on the same server.
# Prints both times, their ratio (target: 2 or less; the backup is excluded, its time printed beside it).
#
# Usage: bench/upgrade.sh [N]                       N records (default 100000; by hand 1000000)
#   PG_USER (default postgres, no password, on 127.0.0.1) chooses the database user.
#   ATHANOR_RELEASES_CACHE: where the built releases are kept (default ~/.cache/athanor-releases, as the tests).
# Builds the current distribution when target/athanor-4.0.0 is missing and alpha.2 from this repository's history
# when the cache lacks it. Not run by the test suite. Cleans up after itself (KEEP=1 keeps the folder and databases).
set -euo pipefail

records=${1:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
dist="$root/target/athanor-4.0.0"
alpha2=$(grep -o '| 4.0.0-alpha.2 | [^|]* | [0-9a-f]\{40\}' "$root/RELEASES.md" | grep -o '[0-9a-f]\{40\}') \
    || { echo "RELEASES.md records no commit for 4.0.0-alpha.2" >&2; exit 2; }
cache=${ATHANOR_RELEASES_CACHE:-$HOME/.cache/athanor-releases}
old="$cache/$alpha2/program"
pg_user=${PG_USER:-postgres}
case "$records" in ''|*[!0-9]*) echo "usage: $0 [N]   (N: number of records)" >&2; exit 2 ;; esac

if [ ! -x "$dist/bin/setup" ]; then
    echo "Building the distribution (./mvnw -DskipTests package)…"
    (cd "$root" && ./mvnw -q -o -DskipTests package)
fi
if [ ! -x "$old/bin/setup" ]; then
    echo "Building 4.0.0-alpha.2 ($alpha2) from history into $cache…"
    git -C "$root" cat-file -e "$alpha2^{commit}" 2>/dev/null \
        || { echo "commit $alpha2 is not in this clone (shallow? run git fetch --unshallow)" >&2; exit 1; }
    src=$(mktemp -d "${TMPDIR:-/tmp}/athanor-alpha2-XXXXXX")
    git -C "$root" worktree add -q --detach "$src/src" "$alpha2"
    (cd "$src/src" && (./mvnw -q -o -DskipTests package || ./mvnw -q -DskipTests package))
    mkdir -p "$cache/$alpha2.staging" && cp -a "$src/src/target/athanor-4.0.0" "$cache/$alpha2.staging/program"
    rm -rf "$cache/$alpha2" && mv "$cache/$alpha2.staging" "$cache/$alpha2"
    git -C "$root" worktree remove --force "$src/src" && rm -rf "$src"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/athanor-bench-upgrade-XXXXXX")
suffix=$(date +%s)
appbox="ab_bench_up_$suffix"
databox="db_bench_up_$suffix"
cleanup() {
    for db in "$appbox" "$databox"; do dropdb -h 127.0.0.1 -U "$pg_user" --if-exists "$db" || true; done
    rm -rf "$work"
}
trap cleanup EXIT
[ -n "${KEEP:-}" ] && trap - EXIT
psql_db() { psql -X -q -h 127.0.0.1 -U "$pg_user" -d "$databox" -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }

echo "Installing 4.0.0-alpha.2 on postgresql in $work…"
cp -a "$old" "$work/athanor"
"$work/athanor/bin/setup" -q system:install --yes --email admin@example.org --password 'benchmark secret' \
    --db-driver postgresql --db-host 127.0.0.1 --db-user "$pg_user" --db-password '' \
    --appbox "$appbox" --databox "$databox" --data-path "$work/data"

echo "Generating $records records with SQL…"
psql_db <<SQL
INSERT INTO records (coll_id, record_type, mime, sha256, uuid, original_name, status, created_at, modified_at)
SELECT (SELECT MIN(coll_id) FROM collections), 'image', 'image/jpeg', md5(i::text) || md5((i + 1)::text),
       gen_random_uuid()::text, 'photo-' || i || '.jpg', (i % 4) * 16, now(), now()
FROM generate_series(1, $records) AS i;
INSERT INTO record_captions (record_id, field_id, caption_value, ord)
SELECT r.record_id, f.id, 'value ' || f.id || ' of record ' || r.record_id || ': some words to index, é à ü', 0
FROM records r CROSS JOIN (SELECT id FROM structure_fields ORDER BY id LIMIT 3) f;
INSERT INTO subdefs (record_id, name, path, file, size, mime, width, height, created_at)
SELECT r.record_id, s.name, '$databox/' || s.area || '/2026/11/25/' || lpad((r.record_id / 100 + 1)::text, 5, '0'),
       r.record_id || '_' || s.name || '.jpg', 1000 + r.record_id, 'image/jpeg', s.side, s.side, now()
FROM records r CROSS JOIN (VALUES ('document', 'documents', 4000), ('thumbnail', 'subdefs', 240), ('preview', 'subdefs', 1024)) AS s(name, area, side);
ANALYZE;
SQL

# The old config/ goes with the new program folder, as the upgrade procedure says.
cp -a "$dist" "$work/athanor-new"
cp -a "$work/athanor/config/." "$work/athanor-new/config/"

raw_copy() {    # the same tables copied with INSERT … SELECT on the same server
    psql_db <<SQL
CREATE TABLE bench_records (LIKE records INCLUDING ALL);
CREATE TABLE bench_record_captions (LIKE record_captions INCLUDING ALL);
CREATE TABLE bench_subdefs (LIKE subdefs INCLUDING ALL);
INSERT INTO bench_records SELECT * FROM records;
INSERT INTO bench_record_captions SELECT * FROM record_captions;
INSERT INTO bench_subdefs SELECT * FROM subdefs;
SQL
}
drop_copy() { psql_db -c "DROP TABLE bench_records, bench_record_captions, bench_subdefs"; }

echo "$(psql_db -t -A -c "SELECT pg_size_pretty(pg_database_size('$databox'))") in the databox; raw copy, backup, then the upgrade…"
raw_copy; drop_copy                    # warm the server's caches for both contenders
t0=$(now); raw_copy; t1=$(now); drop_copy

mkdir -p "$work/sets"
t2=$(now); "$work/athanor-new/bin/console" -q system:backup-db "$work/sets"; t3=$(now)
raw=$(echo "$t1 - $t0" | bc -l)
backup=$(echo "$t3 - $t2" | bc -l)
printf 'postgresql, %d records (%d caption values, %d subdef rows)\n' "$records" $((records * 3)) $((records * 3))
printf 'raw INSERT … SELECT copy:   %7.2f s\n' "$raw"
printf 'system:backup-db (beside):  %7.2f s\n' "$backup"

t4=$(now); "$work/athanor-new/bin/setup" system:upgrade --yes --no-backup > "$work/upgrade.out" 2>&1 \
    || { status=$?; cat "$work/upgrade.out" >&2; echo "system:upgrade failed (exit $status)" >&2; exit 1; }
t5=$(now)
upgrade=$(echo "$t5 - $t4" | bc -l)
printf 'bin/setup system:upgrade:   %7.2f s  (--no-backup; JVM start, preflight, proof and log included)\n' "$upgrade"
printf 'ratio upgrade / raw copy:   %7.2f  (target <= 2.00)\n' "$(echo "$upgrade / $raw" | bc -l)"
"$work/athanor-new/bin/console" --version
