#!/usr/bin/env bash
# List the dependencies and build plugins that have newer releases on Maven Central, to check before each release
# (see SECURITY.md). OWASP dependency-check would fail the build on a known-vulnerable version, but it needs the NVD
# database from the internet (services.nvd.nist.gov), which the project's machines cannot reach: this list is the
# offline-friendly substitute. It needs Maven Central only. Newest versions listed in Central's metadata do not always
# download: pin a version only after `./mvnw dependency:resolve` fetched it.
# Usage: bench/outdated-deps.sh   (prints the list; the full Maven output is in target/outdated-deps.log)
set -euo pipefail
cd "$(dirname "$0")/.."
plugin=org.codehaus.mojo:versions-maven-plugin:2.18.0
mkdir -p target
log=target/outdated-deps.log
./mvnw -B "$plugin:display-dependency-updates" -DprocessDependencyManagement=false > "$log" 2>&1 \
    || { cat "$log"; exit 1; }
echo "Dependencies with newer releases (current -> newest):"
grep -E -- '->' "$log" | sed -E 's/^\[INFO\] +/  /' || echo "  none"
./mvnw -B "$plugin:display-plugin-updates" >> "$log" 2>&1 || { tail -40 "$log"; exit 1; }
echo "Build plugins with newer releases (for the Maven of the wrapper; the log lists those that need another Maven):"
sed -n '/display-plugin-updates/,/Plugins require minimum Maven/p' "$log" | grep -E -- '->' | sed -E 's/^\[INFO\] +/  /' || echo "  none"
