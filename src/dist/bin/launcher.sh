# Shared by bin/console and bin/setup: find the program folder and a Java 17+, then run MAIN_CLASS.
# shellcheck shell=bash

athanor_resolve_home() {
    local source="$1" dir
    while [ -L "$source" ]; do                       # follow symlinks to the real bin/ folder
        dir=$(cd -P "$(dirname "$source")" && pwd)
        source=$(readlink "$source")
        case "$source" in /*) ;; *) source="$dir/$source" ;; esac
    done
    cd -P "$(dirname "$source")/.." && pwd
}

athanor_java_version() {
    # Print the feature version (8, 11, 17, 21, 25…) of the java binary $1, reading its release file when there is one.
    local java="$1" real home line v
    real=$(readlink -f "$java" 2>/dev/null || echo "$java")
    home=$(dirname "$(dirname "$real")")
    if [ -r "$home/release" ]; then
        line=$(grep '^JAVA_VERSION=' "$home/release" | head -n 1)
        v=${line#JAVA_VERSION=}; v=${v//\"/}
    fi
    if [ -z "${v:-}" ]; then
        v=$("$java" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
    fi
    case "$v" in 1.*) v=${v#1.} ;; esac
    echo "${v%%[.+-]*}"
}

athanor_exec() {
    local main_class="$1"; shift
    ATHANOR_HOME=$(athanor_resolve_home "$SCRIPT") || { echo "Cannot find the Athanor program folder from $SCRIPT" >&2; exit 1; }
    local java
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        java="$JAVA_HOME/bin/java"
    elif command -v java >/dev/null 2>&1; then
        java=$(command -v java)
    else
        echo "Athanor needs Java 17 or newer and found none. Install one (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME." >&2
        exit 1
    fi
    local version
    version=$(athanor_java_version "$java")
    if ! [ "$version" -ge 17 ] 2>/dev/null; then
        echo "Athanor needs Java 17 or newer; $java is Java ${version:-of unknown version}. Install Java 17+ or point JAVA_HOME to one." >&2
        exit 1
    fi
    # Short commands (--version, list, …) start quicker with one GC thread and the first JIT tier only;
    # long-running ones (server, scheduler, demo) get the JVM's defaults. JAVA_OPTS adds to either (e.g. -Xmx4g).
    local jvm_opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto" arg
    for arg in "$@"; do
        case "$arg" in
            server:run|task-manager:scheduler:run|demo:start) jvm_opts="-Xshare:auto"; break ;;
            # dumps stream through SHA-256: the full JIT (its SHA intrinsics) hashes ten times faster than the first tier
            system:backup-db|system:restore-db) jvm_opts="-XX:+UseSerialGC -Xshare:auto"; break ;;
            -*) ;;
            *) break ;;
        esac
    done
    local jars=("$ATHANOR_HOME"/lib/athanor-*.jar)
    # shellcheck disable=SC2086
    exec "$java" $jvm_opts ${JAVA_OPTS:-} \
        -Dathanor.home="$ATHANOR_HOME" -Dlogback.configurationFile="$ATHANOR_HOME/config/logback.xml" \
        -cp "${jars[0]}:$ATHANOR_HOME/lib/*" "$main_class" "$@"
}
