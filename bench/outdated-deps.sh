#!/usr/bin/env bash
# List the dependencies and build plugins that have newer releases on Maven Central, to check before each release
# (see SECURITY.md). OWASP dependency-check would fail the build on a known-vulnerable version, but it needs the NVD
# database from the internet (services.nvd.nist.gov), which the project's machines cannot reach: this list is the
# offline-friendly substitute. It needs Maven Central only. Newest versions listed in Central's metadata do not always
# download: pin a version only after `./mvnw dependency:resolve` fetched it.
# Usage: bench/outdated-deps.sh   (writes target/outdated-deps.txt and prints it)
set -euo pipefail
cd "$(dirname "$0")/.."
plugin=org.codehaus.mojo:versions-maven-plugin:2.18.0
mkdir -p target
./mvnw -q -B "$plugin:display-dependency-updates" -DprocessDependencyManagement=false \
    -DoutputFile=target/outdated-dependencies.txt -DoutputEncoding=UTF-8
./mvnw -q -B "$plugin:display-plugin-updates" -DoutputFile=target/outdated-plugins.txt -DoutputEncoding=UTF-8
cat target/outdated-dependencies.txt target/outdated-plugins.txt > target/outdated-deps.txt
cat target/outdated-deps.txt
