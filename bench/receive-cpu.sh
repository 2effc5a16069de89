#!/usr/bin/env bash
# Server CPU per received message: Postern's user+system CPU time (from /proc/PID/stat) over a run
# of smtp-source, divided by the messages, with the rate until every message is in new/. No peer:
# CPU time per message is what a loaded machine stretches least, so it compares two jars (POSTERN_JAR)
# even while other work runs. 127.0.0.1 only; every process started here is stopped on exit.
#
# Usage: bench/receive-cpu.sh        Knobs: SESSIONS=10 MSGS=2000 SIZE=2048 ROUNDS=3 WARMUP=30000
#        POSTERN_JAR=path/to/postern.jar (default target/postern.jar)  PORT=20626
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SESSIONS=${SESSIONS:-10}; MSGS=${MSGS:-2000}; SIZE=${SIZE:-2048}; ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-30000}; PORT=${PORT:-20626}
JAR=${POSTERN_JAR:-$JAR}
command -v smtp-source >/dev/null || install_postfix

start_postern "$PORT"
HZ=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' "/proc/$POSTERN_PID/stat"; }
count() { find "$POSTERN_DATA" -path '*/new/*' -type f 2>/dev/null | wc -l; }

# Delivered files are moved aside, not deleted (set_aside in lib.sh: ext4 without a journal).
run() {
  set_aside "$POSTERN_DATA" "$WORK/aside"
  local t0 s e t1 deadline=$(( $(date +%s) + 300 ))
  t0=$(cpu); s=$(date +%s.%N)
  smtp-source -s "$SESSIONS" -m "$1" -l "$SIZE" -f sender@client.test -t bench@bench.test "127.0.0.1:$PORT"
  while [ "$(count)" -lt "$1" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { log "only $(count) of $1 delivered"; return 1; }
    sleep 0.05
  done
  e=$(date +%s.%N); t1=$(cpu)
  awk -v s="$s" -v e="$e" -v t0="$t0" -v t1="$t1" -v m="$1" -v hz="$HZ" \
    'BEGIN { printf "%.1f msgs/s  %.3f ms CPU per message\n", m / (e - s), (t1 - t0) * 1000 / hz / m }'
}

log "warm-up: $WARMUP messages"
run "$WARMUP" >/dev/null
echo "jar=$JAR sessions=$SESSIONS size=$SIZE messages=$MSGS"
for _ in $(seq 1 "$ROUNDS"); do run "$MSGS"; done
