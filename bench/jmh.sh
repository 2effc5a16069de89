#!/usr/bin/env bash
# JMH microbenchmarks of the hot paths (the *Benchmark classes under src/test/java): command
# parsing, DATA reading with dot-unstuffing, reply writing, Maildir listing for POP3. With -prof gc
# each result carries its allocation per operation (gc.alloc.rate.norm, bytes/op).
#
# Usage: bench/jmh.sh [REGEX] [JMH OPTIONS...]   e.g. bench/jmh.sh DataReader -f 1 -wi 2 -i 3
# Defaults: every benchmark; without options 1 fork, 3 warm-up and 5 measured iterations of 2 s.
# -prof gc is always on.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/jmh.classpath >/dev/null
regex=${1:-Benchmark}
shift || true
options=("$@")
[ ${#options[@]} -gt 0 ] || options=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "target/test-classes:target/classes:$(cat target/jmh.classpath)" org.openjdk.jmh.Main "$regex" \
  -prof gc "${options[@]}"
