#!/usr/bin/env bash
# Times bin/console system:backup-db against the raw dump tool on the same installation, whose databox holds
# 100 000 generated records (3 caption values each). Prints both times and their ratio (target: 1.1 or less).
#
# Usage: bench/backup.sh [postgresql|mariadb|h2]      (default postgresql)
#   RECORDS=200000 bench/backup.sh                    another number of records
#   PG_USER / MARIADB_USER (defaults postgres / root, no password, on 127.0.0.1) choose the database user.
# Builds the distribution when target/athanor-4.0.0 is missing. Not run by the test suite. Cleans up after itself.
set -euo pipefail

engine=${1:-postgresql}
records=${RECORDS:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
dist="$root/target/athanor-4.0.0"
case "$engine" in postgresql|mariadb|h2) ;; *) echo "usage: $0 [postgresql|mariadb|h2]" >&2; exit 2 ;; esac

if [ ! -x "$dist/bin/console" ]; then
    echo "Building the distribution (./mvnw -DskipTests package)…"
    (cd "$root" && ./mvnw -q -o -DskipTests package)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/athanor-bench-XXXXXX")
cp -r "$dist" "$work/athanor"
suffix=$(date +%s)
appbox="ab_bench_$suffix"
databox="db_bench_$suffix"
pg_user=${PG_USER:-postgres}
my_user=${MARIADB_USER:-root}
h2_jar=$(ls "$work"/athanor/lib/h2-*.jar)

cleanup() {
    case "$engine" in
        postgresql) for db in "$appbox" "$databox"; do dropdb -h 127.0.0.1 -U "$pg_user" --if-exists "$db" || true; done ;;
        mariadb) mariadb --protocol=TCP -h 127.0.0.1 -u "$my_user" -e "DROP DATABASE IF EXISTS $appbox; DROP DATABASE IF EXISTS $databox" || true ;;
    esac
    rm -rf "$work"
}
trap cleanup EXIT
[ -n "${KEEP:-}" ] && trap - EXIT

echo "Installing on $engine in $work…"
db_args=(--db-driver "$engine")
case "$engine" in
    postgresql) db_args+=(--db-host 127.0.0.1 --db-user "$pg_user" --db-password '') ;;
    mariadb) db_args+=(--db-host 127.0.0.1 --db-user "$my_user" --db-password '') ;;
esac
"$work/athanor/bin/setup" -q system:install --yes --email admin@example.org --password 'benchmark secret' \
    "${db_args[@]}" --appbox "$appbox" --databox "$databox" --data-path "$work/data"

echo "Generating $records records with SQL…"
case "$engine" in
    postgresql)
        psql -X -q -h 127.0.0.1 -U "$pg_user" -d "$databox" -v ON_ERROR_STOP=1 <<SQL
INSERT INTO records (coll_id, record_type, mime, sha256, uuid, original_name, status, created_at, modified_at)
SELECT (SELECT MIN(coll_id) FROM collections), 'image', 'image/jpeg', md5(i::text) || md5((i + 1)::text),
       gen_random_uuid()::text, 'photo-' || i || '.jpg', i % 16, now(), now()
FROM generate_series(1, $records) AS i;
INSERT INTO record_captions (record_id, field_id, caption_value, ord)
SELECT r.record_id, f.id, 'value ' || f.id || ' of record ' || r.record_id || ': some words to index, é à ü', 0
FROM records r CROSS JOIN (SELECT id FROM structure_fields ORDER BY id LIMIT 3) f;
SQL
        ;;
    mariadb)
        mariadb --protocol=TCP -h 127.0.0.1 -u "$my_user" "$databox" <<SQL
SET SESSION max_recursive_iterations = $records + 10;
INSERT INTO records (coll_id, record_type, mime, sha256, uuid, original_name, status, created_at, modified_at)
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $records)
SELECT (SELECT MIN(coll_id) FROM collections), 'image', 'image/jpeg', SHA2(i, 256), UUID(),
       CONCAT('photo-', i, '.jpg'), i % 16, NOW(6), NOW(6)
FROM seq;
INSERT INTO record_captions (record_id, field_id, caption_value, ord)
SELECT r.record_id, f.id, CONCAT('value ', f.id, ' of record ', r.record_id, ': some words to index, é à ü'), 0
FROM records r CROSS JOIN (SELECT id FROM structure_fields ORDER BY id LIMIT 3) f;
SQL
        ;;
    h2)
        java -cp "$h2_jar" org.h2.tools.Shell -url "jdbc:h2:file:$work/data/db/$databox;DATABASE_TO_LOWER=TRUE" -user sa -password '' -sql "
INSERT INTO records (coll_id, record_type, mime, sha256, uuid, original_name, status, created_at, modified_at)
SELECT (SELECT MIN(coll_id) FROM collections), 'image', 'image/jpeg', RAWTOHEX(HASH('SHA-256', CAST(\"X\" AS VARCHAR))),
       CAST(RANDOM_UUID() AS VARCHAR), 'photo-' || \"X\" || '.jpg', MOD(\"X\", 16), LOCALTIMESTAMP, LOCALTIMESTAMP
FROM SYSTEM_RANGE(1, $records);
INSERT INTO record_captions (record_id, field_id, caption_value, ord)
SELECT r.record_id, f.id, 'value ' || f.id || ' of record ' || r.record_id || ': some words to index, é à ü', 0
FROM records r CROSS JOIN (SELECT id FROM structure_fields ORDER BY id LIMIT 3) f;" | grep -i '^Error' && exit 1
        ;;
esac

now() { date +%s.%N; }
echo "$(du -sh "$work/data" | cut -f1) of data; dumping with the raw tool, then with bin/console system:backup-db…"
raw_dump() {    # the dump tool alone, on both boxes, as system:backup-db runs it
    local out="$1"
    case "$engine" in
        postgresql)
            for db in "$appbox" "$databox"; do
                pg_dump -h 127.0.0.1 -U "$pg_user" -d "$db" --no-password --format=plain --encoding=UTF8 --no-owner --no-privileges > "$out/$db.sql"
            done ;;
        mariadb)
            for db in "$appbox" "$databox"; do
                mariadb-dump --protocol=TCP -h 127.0.0.1 -u "$my_user" --default-character-set=utf8mb4 --single-transaction \
                    --routines --triggers --hex-blob --no-tablespaces "$db" > "$out/$db.sql"
            done ;;
        h2)
            for db in "$appbox" "$databox"; do
                java -cp "$h2_jar" org.h2.tools.Script -url "jdbc:h2:file:$work/data/db/$db;DATABASE_TO_LOWER=TRUE" -user sa -password '' \
                    -script "$out/$db.sql"
            done ;;
    esac
}

mkdir -p "$work/raw-warmup" "$work/raw" "$work/sets"
raw_dump "$work/raw-warmup"            # warm the database's caches for both contenders

t0=$(now); raw_dump "$work/raw"; t1=$(now)
summary=$("$work/athanor/bin/console" system:backup-db "$work/sets"); t2=$(now)
inside=$(echo "$summary" | sed -n 's/^ *took \([0-9.]*\) s$/\1/p')

raw=$(echo "$t1 - $t0" | bc -l)
athanor=$(echo "$t2 - $t1" | bc -l)
ratio=$(echo "$athanor / $raw" | bc -l)
set_dir=$(ls -d "$work"/sets/athanor-backup-*)
printf '%s, %d records: %s of dumps (raw), %s in the set\n' "$engine" "$records" "$(du -sh "$work/raw" | cut -f1)" "$(du -sh "$set_dir" | cut -f1)"
printf 'raw dump tool:            %6.2f s\n' "$raw"
printf 'bin/console backup-db:    %6.2f s  (JVM start, manifest, SHA-256 and config copy included)\n' "$athanor"
printf '  of which the backup itself: %6.2f s  (the rest is the JVM starting and loading classes)\n' "$inside"
printf 'ratio:                    %6.2f  (target <= 1.10)\n' "$ratio"
printf 'ratio without JVM start:  %6.2f\n' "$(echo "$inside / $raw" | bc -l)"
