#!/bin/sh
# Long Jazzer runs (issue 7), one @FuzzTest per JVM: JAZZER_FUZZ=1 makes each run until its
# maxDuration (10m) or a finding. Findings land in src/test/resources/…/<Class>Inputs/<method>/
# and then run in every plain `mvn test`; the growing corpus stays in .cifuzz-corpus/ (ignored).
# Usage: bench/fuzz.sh [Class …]   (default: all six targets). Not part of CI.
set -eu
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
targets="${*:-CommandParserFuzzTest Pop3ParserFuzzTest DataReaderFuzzTest PathParserFuzzTest ReplyReaderFuzzTest SettingsLoaderFuzzTest}"
mkdir -p bench/out
for t in $targets; do
    start=$(date +%s)
    status=0
    JAZZER_FUZZ=1 ./mvnw -B -o test -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false \
        > "bench/out/fuzz-$t.log" 2>&1 || status=$?
    end=$(date +%s)
    runs=$(grep -oE '#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)' "bench/out/fuzz-$t.log" | tail -1 | grep -oE '[0-9]+' || echo '?')
    cov=$(grep -oE 'cov: [0-9]+' "bench/out/fuzz-$t.log" | tail -1 || echo 'cov: ?')
    echo "$t: $((end - start)) s, exit $status, last executions #$runs, $cov"
done
