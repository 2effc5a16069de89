#!/usr/bin/env bash
# Receive throughput, Postern side by side with Postfix: messages/s from the first SMTP byte until
# every message is a file in a Maildir new/ directory. 127.0.0.1 only; every wait is bounded; every
# process started here is stopped on exit.
#
# Usage: bench/smtp-receive.sh [--postfix-only | --postern-only]
# Knobs (environment):
#   SESSIONS="1 10 50"  SIZES="2048 102400"  ROUNDS=3
#   MSGS_2048=3000  MSGS_102400=200     messages per run for each size (others: MSGS_DEFAULT=500); a
#                                       run of a few seconds, so its start and the 50 ms arrival poll weigh little
#   WARMUP=30000                        messages sent to each server first, not counted: a long-running
#                                       server's steady state (the JVM's JIT still compiles per-message
#                                       methods until ~25,000 messages: see docs/PERFORMANCE.md)
#   WAIT_LIMIT=180                      seconds a run may take before it counts as failed
#   POSTFIX_PORT=20025  POSTERN_PORT=20026
#   POSTERN_CMD                         how to start Postern; @CONFIG@ is replaced by the config path
#   POSTERN_SETUP                       commands run once before Postern starts (create the domain/user)
#   POSTERN_CONFIG_TEXT                 the throwaway config; @PORT@ and @DATA@ are replaced
# Postern's messages are counted as files under any new/ directory below its data directory.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

MODE=${1:-both}
SESSIONS=${SESSIONS:-"1 10 50"}
SIZES=${SIZES:-"2048 102400"}
ROUNDS=${ROUNDS:-3}
WAIT_LIMIT=${WAIT_LIMIT:-180}
MSGS_2048=${MSGS_2048:-3000}
MSGS_102400=${MSGS_102400:-200}
POSTFIX_PORT=${POSTFIX_PORT:-20025}
POSTERN_PORT=${POSTERN_PORT:-20026}
FROM=sender@client.test
TO=bench@bench.test
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
POSTERN_CMD_OVERRIDDEN=${POSTERN_CMD:+1}
POSTERN_CMD=${POSTERN_CMD:-"$JAVA_HOME/bin/java -jar $ROOT/target/postern.jar serve --config @CONFIG@"}
POSTERN_SETUP=${POSTERN_SETUP:-"$ROOT/bin/postern domain add bench.test --config @CONFIG@ && echo bench-password | $ROOT/bin/postern user add bench@bench.test --password-stdin --config @CONFIG@"}
POSTERN_CONFIG_TEXT=${POSTERN_CONFIG_TEXT:-"hostname = bench.localhost
data_dir = @DATA@
smtp.listen = 127.0.0.1:@PORT@
submission.listen =
submissions.listen =
pop3.listen =
pop3s.listen =
dns.servers = 127.0.0.1:9
smtp.max_connections_per_ip = 200
"}

# The scratch directory, cleanup, log, install_postfix, start_postfix, wait_for_port and summary.
source "$ROOT/bench/lib.sh"

start_postern() {
  local data="$WORK/postern-data" config="$WORK/postern.conf"
  if [ ! -f "$ROOT/target/postern.jar" ] && [ -z "$POSTERN_CMD_OVERRIDDEN" ]; then
    log "no target/postern.jar (build with ./mvnw -q -DskipTests package); skipping Postern"
    return 1
  fi
  mkdir -p "$data"
  printf '%s' "$POSTERN_CONFIG_TEXT" | sed -e "s|@PORT@|$POSTERN_PORT|g" -e "s|@DATA@|$data|g" > "$config"
  if [ -n "$POSTERN_SETUP" ]; then
    (eval "${POSTERN_SETUP//@CONFIG@/$config}") >"$WORK/postern-setup.log" 2>&1 || { cat "$WORK/postern-setup.log" >&2; return 1; }
  fi
  local cmd=${POSTERN_CMD//@CONFIG@/$config}
  # shellcheck disable=SC2086
  $cmd >"$WORK/postern.log" 2>&1 &
  PIDS+=($!)
  wait_for_port "$POSTERN_PORT" || { log "postern did not listen"; tail -20 "$WORK/postern.log" >&2; return 1; }
  MAILDIR_POSTERN="$data"
}

delivered() { find "$1" -path '*/new/*' -type f 2>/dev/null | wc -l; }


now() { date +%s.%N; }

# One run: send M messages in N sessions, wait until all M are in new/, print msgs/s (or FAIL).
run_once() {
  local port=$1 base=$2 sessions=$3 size=$4 messages=$5
  set_aside "$base" "$WORK/delivered-$port"
  local start end count
  start=$(now)
  if ! timeout "$WAIT_LIMIT" smtp-source -s "$sessions" -m "$messages" -l "$size" \
      -f "$FROM" -t "$TO" "127.0.0.1:$port" >"$WORK/smtp-source.log" 2>&1; then
    log "smtp-source failed on port $port: $(tail -3 "$WORK/smtp-source.log")"
    echo FAIL; return
  fi
  local deadline=$(( $(date +%s) + WAIT_LIMIT ))
  while :; do
    count=$(delivered "$base")
    [ "$count" -ge "$messages" ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "only $count of $messages arrived within ${WAIT_LIMIT}s on port $port"; echo FAIL; return
    fi
    sleep 0.05
  done
  end=$(now)
  awk -v m="$messages" -v s="$start" -v e="$end" 'BEGIN { printf "%.1f\n", m / (e - s) }'
}

main() {
  install_postfix
  local have_postfix=0 have_postern=0
  if [ "$MODE" != "--postern-only" ]; then start_postfix "$POSTFIX_PORT" 200 && have_postfix=1; fi
  if [ "$MODE" != "--postfix-only" ]; then start_postern && have_postern=1 || true; fi
  [ $((have_postfix + have_postern)) -gt 0 ] || { log "nothing to measure"; exit 1; }
  # Warm-up, not counted: the JVM compiles its hot paths in the first seconds; Postfix's
  # processes start and fill their caches. Both get the same.
  [ $have_postfix = 1 ] && run_once "$POSTFIX_PORT" "$POSTFIX_MAILDIR" 10 2048 "${WARMUP:-30000}" >/dev/null
  [ $have_postern = 1 ] && run_once "$POSTERN_PORT" "$MAILDIR_POSTERN" 10 2048 "${WARMUP:-30000}" >/dev/null
  printf '%-9s %-8s %-6s %-26s %-26s %s\n' sessions size msgs "postfix msgs/s med [range]" "postern msgs/s med [range]" "postern/postfix"
  for size in $SIZES; do
    local var="MSGS_$size"; local messages=${!var:-${MSGS_DEFAULT:-500}}
    for sessions in $SESSIONS; do
      local a=() b=()
      for round in $(seq 1 "$ROUNDS"); do # A B A B: drift on the machine hits both alike
        [ $have_postfix = 1 ] && a+=("$(run_once "$POSTFIX_PORT" "$POSTFIX_MAILDIR" "$sessions" "$size" "$messages")")
        [ $have_postern = 1 ] && b+=("$(run_once "$POSTERN_PORT" "$MAILDIR_POSTERN" "$sessions" "$size" "$messages")")
        log "size=$size sessions=$sessions round=$round postfix=${a[*]:-} postern=${b[*]:-}"
      done
      print_row "$sessions" "$size" "$messages" "$( [ $have_postfix = 1 ] && summary "${a[@]}" || echo n/a)" \
        "$( [ $have_postern = 1 ] && summary "${b[@]}" || echo n/a)"
    done
  done
}

print_row() {
  local fmt_a fmt_b ratio=n/a
  fmt_a=$(echo "$4" | awk 'NF == 3 { printf "%s [%s-%s]", $1, $2, $3; next } { print }')
  fmt_b=$(echo "$5" | awk 'NF == 3 { printf "%s [%s-%s]", $1, $2, $3; next } { print }')
  if [ "$(echo "$4" | wc -w)" = 3 ] && [ "$(echo "$5" | wc -w)" = 3 ]; then
    ratio=$(awk -v a="${4%% *}" -v b="${5%% *}" 'BEGIN { printf "%.2f", b / a }')
  fi
  printf '%-9s %-8s %-6s %-26s %-26s %s\n' "$1" "$2" "$3" "$fmt_a" "$fmt_b" "$ratio"
}

main
