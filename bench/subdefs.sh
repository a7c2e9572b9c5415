#!/usr/bin/env bash
# Benchmark of image subdefinitions: a 240 px thumbnail and a 1024 px preview of every file of a folder of large
# JPEGs, made by Athanor (all processors, then 1 thread) (SubdefGenerator from the distribution's lib/, as records:build-subdefs does), by libvips'
# vipsthumbnail and by ImageMagick's convert, one after the other. Prints the three times and the ratios.
# The entry point, org.athanor.media.SubdefBench, is test code (src/test/java): it is not in the production jar.
#
# Usage: bench/subdefs.sh [COUNT] [WIDTHxHEIGHT]      (default 20 4000x3000)
# Needs: a built distribution and test classes (./mvnw -DskipTests package), java, vipsthumbnail, convert.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-20}
SIZE=${2:-4000x3000}
DIST=target/athanor-4.0.0
BENCH_CLASS=target/test-classes/org/athanor/media/SubdefBench.class
[ -d "$DIST/lib" ] || { echo "No distribution in $DIST: run ./mvnw -DskipTests package first." >&2; exit 1; }
[ -f "$BENCH_CLASS" ] || { echo "No $BENCH_CLASS: run ./mvnw -DskipTests package first (it compiles the test classes too)." >&2; exit 1; }
for tool in java vipsthumbnail convert; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed." >&2; exit 1; }
done
# ImageMagick's own binary: a wrapper earlier on PATH (some sandboxes have one) would add its start-up to every call.
if [ -x /usr/bin/convert ]; then convert() { /usr/bin/convert "$@"; }; fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/athanor-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/in" "$WORK/athanor" "$WORK/vips" "$WORK/convert" "$WORK/classes/org/athanor/media"
# only the benchmark's class from the test classes: everything it measures comes from the distribution's jars
cp target/test-classes/org/athanor/media/SubdefBench*.class "$WORK/classes/org/athanor/media/"
CP="$WORK/classes:$DIST/lib/*"

echo "Making $COUNT JPEGs of $SIZE in $WORK/in …"
convert -size "$SIZE" gradient:navy-orange -attenuate 0.4 +noise Gaussian -quality 90 "$WORK/in/base.jpg"
for i in $(seq -w 1 "$COUNT"); do
    # each file differs a little (a rotated hue), so that no cache helps any contender
    convert "$WORK/in/base.jpg" -modulate 100,100,$((80 + 10#$i)) -quality 90 "$WORK/in/photo_$i.jpg"
done
rm "$WORK/in/base.jpg"

now() { date +%s.%N; }

t0=$(now)
java -cp "$CP" org.athanor.media.SubdefBench "$WORK/in" "$WORK/athanor" | tee "$WORK/athanor.txt"
t1=$(now)
athanor=$(echo "$t1 - $t0" | bc)

t0=$(now)
java -cp "$CP" org.athanor.media.SubdefBench "$WORK/in" "$WORK/athanor1" 1
t1=$(now)
athanor1=$(echo "$t1 - $t0" | bc)

t0=$(now)
for f in "$WORK"/in/*.jpg; do
    b=$(basename "$f" .jpg)
    vipsthumbnail "$f" --size "240x240>" -o "$WORK/vips/${b}_thumbnail.jpg[Q=75,strip]"
    vipsthumbnail "$f" --size "1024x1024>" -o "$WORK/vips/${b}_preview.jpg[Q=75,strip]"
done
t1=$(now)
vips=$(echo "$t1 - $t0" | bc)

t0=$(now)
for f in "$WORK"/in/*.jpg; do
    b=$(basename "$f" .jpg)
    convert "$f" -resize "240x240>" -quality 75 -strip "$WORK/convert/${b}_thumbnail.jpg"
    convert "$f" -resize "1024x1024>" -quality 75 -strip "$WORK/convert/${b}_preview.jpg"
done
t1=$(now)
conv=$(echo "$t1 - $t0" | bc)

echo
printf "%-34s %8.2f s\n" "Athanor (JVM start included)" "$athanor"
printf "%-34s %8.2f s\n" "Athanor, 1 thread" "$athanor1"
printf "%-34s %8.2f s\n" "vipsthumbnail (2 calls per file)" "$vips"
printf "%-34s %8.2f s\n" "ImageMagick convert (2 per file)" "$conv"
printf "Athanor / vipsthumbnail: %.2fx the time (target <= 1.0)\n" "$(echo "$athanor / $vips" | bc -l)"
printf "convert / Athanor:       %.1fx faster (target >= 5)\n" "$(echo "$conv / $athanor" | bc -l)"
