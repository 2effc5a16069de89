#!/usr/bin/env bash
# Latency under load: p50 and p99 of a whole SMTP transaction (connect to the 250 after the
# message) at SESSIONS concurrent sessions, Postern beside Postfix, alternating A B A B.
#
# Usage: bench/smtp-latency.sh        (as root: a private Postfix)
# Knobs: SESSIONS=50 TOTAL=2000 SIZE=2048 ROUNDS=3 WARMUP=20000 POSTERN_PORT=20326 POSTFIX_PORT=20325
# (WARMUP: messages smtp-source sends each server first, not counted, as in smtp-receive.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SESSIONS=${SESSIONS:-50}
TOTAL=${TOTAL:-2000}
SIZE=${SIZE:-2048}
ROUNDS=${ROUNDS:-3}
POSTERN_PORT=${POSTERN_PORT:-20326}
POSTFIX_PORT=${POSTFIX_PORT:-20325}

install_postfix
start_postfix "$POSTFIX_PORT" 200
start_postern "$POSTERN_PORT"
run() { timeout 600 python3 "$ROOT/bench/smtp_latency.py" 127.0.0.1 "$1" "$SESSIONS" "$TOTAL" "$SIZE"; }
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
for port in "$POSTFIX_PORT" "$POSTERN_PORT"; do # warm-up, not counted: the JIT to its steady state
  timeout 600 smtp-source -s 10 -m "${WARMUP:-20000}" -l "$SIZE" -f sender@client.test -t bench@bench.test \
    "127.0.0.1:$port" >/dev/null
  run "$port" >/dev/null
done
declare -A P50 P99
for round in $(seq 1 "$ROUNDS"); do
  a=$(run "$POSTFIX_PORT"); b=$(run "$POSTERN_PORT")
  log "round $round postfix: $a"; log "round $round postern: $b"
  P50[postfix]+=" $(field "$a" p50_ms)"; P99[postfix]+=" $(field "$a" p99_ms)"
  P50[postern]+=" $(field "$b" p50_ms)"; P99[postern]+=" $(field "$b" p99_ms)"
done
printf '%-8s %-9s %-5s %-24s %-24s\n' server sessions size "p50 ms med [range]" "p99 ms med [range]"
for s in postfix postern; do
  # shellcheck disable=SC2086
  read -r m1 lo1 hi1 <<<"$(summary ${P50[$s]})"; read -r m2 lo2 hi2 <<<"$(summary ${P99[$s]})"
  printf '%-8s %-9s %-5s %-24s %-24s\n' "$s" "$SESSIONS" "$SIZE" "$m1 [$lo1-$hi1]" "$m2 [$lo2-$hi2]"
done
