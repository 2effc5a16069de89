#!/usr/bin/env bash
# Every comparison of docs/PERFORMANCE.md in one run, each printing its own table:
# receive (Postfix), the smtp-sink ceiling, POP3 retrieval (Dovecot), outbound relay (Postfix),
# idle connections, latency under load, start-up. Run as root on a quiet machine; about 30 min.
#
# Usage: bench/all.sh [SECTION...]   sections: receive sink pop3 relay idle latency startup cpu ceiling
# (ceiling: Postern receiving into a tmpfs, no disk at all, to set beside smtp-sink: `sink ceiling sink`)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -f target/postern.jar ] || ./mvnw -q -Dmaven.test.skip=true package
sections=${*:-"receive sink pop3 relay idle latency startup cpu"}
first=1
for section in $sections; do
  # The section before deleted its scratch files: on an ext4 without a journal, new files cost more
  # while the kernel still counts those inodes as recently freed (~30 s; see set_aside in lib.sh).
  [ $first = 1 ] || sleep 35
  first=0
  echo "## $section ($(date -u +%H:%M) UTC, load $(cut -d' ' -f1-3 /proc/loadavg))"
  case $section in
    receive) SESSIONS="10 50" SIZES="2048 102400" bench/smtp-receive.sh ;;
    sink) bench/smtp-sink-baseline.sh ;;
    pop3) bench/pop3-retrieve.sh ;;
    relay) bench/smtp-relay.sh ;;
    idle) bench/idle-connections.sh ;;
    latency) bench/smtp-latency.sh ;;
    startup) bench/startup.sh ;;
    cpu) bench/receive-cpu.sh ;;
    ceiling) BENCH_TMP=/dev/shm SESSIONS="10 50" SIZES=2048 bench/smtp-receive.sh --postern-only ;;
    *) echo "unknown section $section" >&2; exit 2 ;;
  esac 2> >(grep -v '^\[bench\]' >&2)
  echo
done
