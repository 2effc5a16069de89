#!/usr/bin/env bash
# The ceiling for SMTP receive on this machine: Postfix's smtp-sink (accepts and discards, no
# storage at all) fed by the same smtp-source as bench/smtp-receive.sh. The receive target is
# a share of this rate.
#
# Usage: bench/smtp-sink-baseline.sh   (as root: smtp-sink drops to nobody)
# Knobs: SESSIONS="10 50" SIZE=2048 MSGS=2000 ROUNDS=3 SINK_PORT=20527
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SESSIONS=${SESSIONS:-"10 50"}
SIZE=${SIZE:-2048}
MSGS=${MSGS:-2000}
ROUNDS=${ROUNDS:-3}
SINK_PORT=${SINK_PORT:-20527}
install_postfix
sink=$(command -v smtp-sink || echo /tmp/pf/usr/sbin/smtp-sink)
LD_LIBRARY_PATH=/tmp/pf/usr/lib/postfix "$sink" -u nobody "127.0.0.1:$SINK_PORT" 256 >/dev/null 2>&1 &
PIDS+=($!)
wait_for_port "$SINK_PORT" || { log "smtp-sink did not listen"; exit 1; }
printf '%-9s %-6s %-6s %s\n' sessions size msgs "smtp-sink msgs/s med [range]"
for sessions in $SESSIONS; do
  rates=()
  for _ in $(seq 1 "$ROUNDS"); do
    start=$(date +%s.%N)
    timeout 300 smtp-source -s "$sessions" -m "$MSGS" -l "$SIZE" -f s@client.test -t bench@bench.test \
      "127.0.0.1:$SINK_PORT" >/dev/null 2>&1
    end=$(date +%s.%N)
    rates+=("$(awk -v m="$MSGS" -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", m / (e - s) }')")
  done
  read -r med lo hi <<<"$(summary "${rates[@]}")"
  printf '%-9s %-6s %-6s %s\n' "$sessions" "$SIZE" "$MSGS" "$med [$lo-$hi]"
done
