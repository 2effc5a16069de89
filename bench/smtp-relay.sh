#!/usr/bin/env bash
# Outbound relay throughput, Postern side by side with Postfix: messages/s from the first injected
# SMTP byte until Postfix's smtp-sink has received every message. Both servers take mail for the
# remote domain bench.remote from a trusted loopback client and relay it to the same smtp-sink on
# 127.0.0.1 (Postern by delivery.routes, Postfix by relayhost). The sink offers no STARTTLS, so
# both deliver in clear; both use PIPELINING (the sink offers it) and their default connection
# caching. No real DNS is ever asked: Postern's dns.servers points at a dead loopback port and
# Postfix's relayhost is a bracketed literal address. 127.0.0.1 only; every wait is bounded; every
# process started here is stopped on exit. Must run as root (smtp-sink -u nobody, private Postfix).
#
# Usage: bench/smtp-relay.sh [--postfix-only | --postern-only]
# Knobs (environment):
#   SESSIONS="10 50"  SIZE=2048  MSGS=1000  ROUNDS=3
#   WARMUP=20000                        messages relayed by each server first, not counted (JIT warm-up to steady state)
#   WAIT_LIMIT=180                      seconds a run may take before it counts as failed
#   POSTFIX_PORT=20125  POSTERN_PORT=20126  SINK_PORT=20127
#   POSTERN_CMD                         how to start Postern; @CONFIG@ is replaced by the config path
#   POSTERN_CONFIG_TEXT                 the throwaway config; @PORT@ @DATA@ @SINK@ are replaced
# Table columns: msgs/s end to end (median [range] of ROUNDS), the ratio of the medians, and each
# server's median drain: seconds from the end of injection until the last message reached the sink.
# The sink runs with -c: it prints a running "mesg=N" counter on stdout each time it receives a
# final "."; a run ends when that counter has grown by the number of messages injected.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

MODE=${1:-both}
SESSIONS=${SESSIONS:-"10 50"}
SIZE=${SIZE:-2048}
MSGS=${MSGS:-1000}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-20000}
WAIT_LIMIT=${WAIT_LIMIT:-180}
POSTFIX_PORT=${POSTFIX_PORT:-20125}
POSTERN_PORT=${POSTERN_PORT:-20126}
SINK_PORT=${SINK_PORT:-20127}
FROM=sender@client.test
TO=someone@bench.remote
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
POSTERN_CMD=${POSTERN_CMD:-"$JAVA_HOME/bin/java -jar $ROOT/target/postern.jar serve --config @CONFIG@"}
POSTERN_CONFIG_TEXT=${POSTERN_CONFIG_TEXT:-"hostname = bench.localhost
data_dir = @DATA@
smtp.listen = 127.0.0.1:@PORT@
submission.listen =
submissions.listen =
pop3.listen =
pop3s.listen =
smtp.max_connections_per_ip = 200
relay.trusted_networks = 127.0.0.0/8
delivery.routes = bench.remote=127.0.0.1:@SINK@
dns.servers = 127.0.0.1:9
"}

[ "$(id -u)" = 0 ] || { echo "run as root (smtp-sink -u nobody, private Postfix)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/postern-relaybench.XXXXXX)
chmod 755 "$WORK"
PIDS=()
POSTFIX_CONF="$WORK/postfix"
SINK_OUT="$WORK/sink.out"

cleanup() {
  set +e
  if [ -f "$POSTFIX_CONF/main.cf" ]; then
    postfix -c "$POSTFIX_CONF" stop >/dev/null 2>&1
    sleep 1
    postfix -c "$POSTFIX_CONF" abort >/dev/null 2>&1
  fi
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

log() { echo "[bench] $*" >&2; }

install_postfix() {
  if command -v postfix >/dev/null && command -v smtp-source >/dev/null \
      && command -v smtp-sink >/dev/null; then return; fi
  log "installing postfix (smtp-source and smtp-sink come with it)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get install -y -qq postfix >/dev/null
}

wait_for_port() {
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

# The sink: -c running counters, -h a name that is not ours (Postfix refuses a peer that greets
# with its own myhostname: a mail loop), backlog 1024, up to 1000 parallel sessions.
start_sink() {
  smtp-sink -c -u nobody -h sink.localhost -m 1000 "127.0.0.1:$SINK_PORT" 1024 >"$SINK_OUT" 2>"$WORK/sink.err" &
  PIDS+=($!)
  wait_for_port "$SINK_PORT" || { log "smtp-sink did not listen: $(cat "$WORK/sink.err")"; return 1; }
}

# Messages the sink has received so far: the last "mesg=N" of its \r-separated counter lines.
sunk() {
  tail -c 200 "$SINK_OUT" | tr '\r' '\n' | sed -n 's/.*mesg=\([0-9]*\).*/\1/p' | tail -1 | grep . || echo 0
}

# A private Postfix relaying everything to the sink: its own config and queue under $WORK.
start_postfix() {
  local queue="$WORK/postfix-queue" data="$WORK/postfix-data"
  mkdir -p "$POSTFIX_CONF" "$queue" "$data"
  chown postfix "$data"
  cat > "$POSTFIX_CONF/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $queue
data_directory = $data
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = bench.localhost
mydestination =
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination
relayhost = [127.0.0.1]:$SINK_PORT
smtp_tls_security_level = none
default_process_limit = 200
maillog_file = $WORK/postfix.log
maillog_file_prefixes = $WORK
CF
  cat > "$POSTFIX_CONF/master.cf" <<CF
127.0.0.1:$POSTFIX_PORT inet n - n - - smtpd
pickup     unix  n - n 60   1 pickup
cleanup    unix  n - n -    0 cleanup
qmgr       unix  n - n 300  1 qmgr
rewrite    unix  - - n -    - trivial-rewrite
bounce     unix  - - n -    0 bounce
defer      unix  - - n -    0 bounce
trace      unix  - - n -    0 bounce
verify     unix  - - n -    1 verify
flush      unix  n - n 1000? 0 flush
proxymap   unix  - - n -    - proxymap
proxywrite unix  - - n -    1 proxymap
smtp       unix  - - n -    - smtp
relay      unix  - - n -    - smtp
showq      unix  n - n -    - showq
error      unix  - - n -    - error
retry      unix  - - n -    - error
discard    unix  - - n -    - discard
anvil      unix  - - n -    1 anvil
scache     unix  - - n -    1 scache
postlog    unix-dgram n - n - 1 postlogd
CF
  postfix -c "$POSTFIX_CONF" check
  postfix -c "$POSTFIX_CONF" start >/dev/null 2>&1 || { cat "$WORK/postfix.log" >&2 || true; return 1; }
  wait_for_port "$POSTFIX_PORT" || { log "postfix did not listen"; cat "$WORK/postfix.log" >&2 || true; return 1; }
}

start_postern() {
  local data="$WORK/postern-data" config="$WORK/postern.conf"
  if [ ! -f "$ROOT/target/postern.jar" ]; then
    log "building target/postern.jar"
    (JAVA_HOME=$JAVA_HOME ./mvnw -B -q -Dmaven.test.skip=true package) >"$WORK/build.log" 2>&1 \
      || { tail -20 "$WORK/build.log" >&2; return 1; }
  fi
  mkdir -p "$data"
  printf '%s' "$POSTERN_CONFIG_TEXT" \
    | sed -e "s|@PORT@|$POSTERN_PORT|g" -e "s|@DATA@|$data|g" -e "s|@SINK@|$SINK_PORT|g" > "$config"
  local cmd=${POSTERN_CMD//@CONFIG@/$config}
  # shellcheck disable=SC2086
  $cmd >"$WORK/postern.log" 2>&1 &
  PIDS+=($!)
  wait_for_port "$POSTERN_PORT" || { log "postern did not listen"; tail -20 "$WORK/postern.log" >&2; return 1; }
}

now() { date +%s.%N; }

# One run: inject M messages in N sessions, wait until the sink has M more, print msgs/s (or FAIL).
run_once() {
  local port=$1 sessions=$2 messages=$3
  local base start end count
  base=$(sunk)
  start=$(now)
  if ! timeout "$WAIT_LIMIT" smtp-source -s "$sessions" -m "$messages" -l "$SIZE" \
      -f "$FROM" -t "$TO" "127.0.0.1:$port" >"$WORK/smtp-source.log" 2>&1; then
    log "smtp-source failed on port $port: $(tail -3 "$WORK/smtp-source.log")"
    echo FAIL; return
  fi
  local injected; injected=$(now)
  local deadline=$(( $(date +%s) + WAIT_LIMIT ))
  while :; do
    count=$(( $(sunk) - base ))
    [ "$count" -ge "$messages" ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "only $count of $messages reached the sink within ${WAIT_LIMIT}s after injection on port $port"
      echo FAIL; return
    fi
    sleep 0.05
  done
  end=$(now)
  [ "$count" -eq "$messages" ] || log "sink counted $count for $messages injected on port $port"
  log "port $port: injected in $(awk -v s="$start" -v e="$injected" 'BEGIN { printf "%.2f", e - s }')s, all at the sink after $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')s"
  awk -v m="$messages" -v s="$start" -v e="$end" 'BEGIN { printf "%.1f\n", m / (e - s) }'
  # The drain: seconds from the end of injection to the last message at the sink (the queue
  # falling behind intake), kept for the table.
  awk -v i="$injected" -v e="$end" 'BEGIN { printf "%.2f\n", e - i }' >>"$WORK/drain.$port"
}

# Median of the drain times recorded for a port since the last reset.
drain_median() {
  [ -s "$WORK/drain.$1" ] || { echo n/a; return; }
  sort -g "$WORK/drain.$1" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f\n", m }'
}

# "median min max" of the numbers given, or "FAIL" if any run failed.
summary() {
  case " $* " in *" FAIL "*) echo "FAIL"; return ;; esac
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f %.1f %.1f\n", m, v[1], v[NR] }'
}

print_row() {
  local fmt_a fmt_b ratio=n/a
  fmt_a=$(echo "$4" | awk 'NF == 3 { printf "%s [%s-%s]", $1, $2, $3; next } { print }')
  fmt_b=$(echo "$5" | awk 'NF == 3 { printf "%s [%s-%s]", $1, $2, $3; next } { print }')
  if [ "$(echo "$4" | wc -w)" = 3 ] && [ "$(echo "$5" | wc -w)" = 3 ]; then
    ratio=$(awk -v a="${4%% *}" -v b="${5%% *}" 'BEGIN { printf "%.2f", b / a }')
  fi
  printf '%-9s %-8s %-6s %-26s %-26s %-16s %-13s %s\n' "$1" "$2" "$3" "$fmt_a" "$fmt_b" "$ratio" "$6" "$7"
}

main() {
  install_postfix
  start_sink
  local have_postfix=0 have_postern=0
  if [ "$MODE" != "--postern-only" ]; then start_postfix && have_postfix=1; fi
  if [ "$MODE" != "--postfix-only" ]; then start_postern && have_postern=1 || true; fi
  [ $((have_postfix + have_postern)) -gt 0 ] || { log "nothing to measure"; exit 1; }
  # Warm-up, not counted: the JVM compiles its hot paths; Postfix's processes start. Both alike.
  [ $have_postfix = 1 ] && run_once "$POSTFIX_PORT" 10 "$WARMUP" >/dev/null
  [ $have_postern = 1 ] && run_once "$POSTERN_PORT" 10 "$WARMUP" >/dev/null
  printf '%-9s %-8s %-6s %-26s %-26s %-16s %-13s %s\n' sessions size msgs "postfix msgs/s med [range]" \
    "postern msgs/s med [range]" "postern/postfix" "postfix drain" "postern drain"
  for sessions in $SESSIONS; do
    local a=() b=()
    rm -f "$WORK/drain.$POSTFIX_PORT" "$WORK/drain.$POSTERN_PORT"
    for round in $(seq 1 "$ROUNDS"); do # A B A B: drift on the machine hits both alike
      [ $have_postfix = 1 ] && a+=("$(run_once "$POSTFIX_PORT" "$sessions" "$MSGS")")
      [ $have_postern = 1 ] && b+=("$(run_once "$POSTERN_PORT" "$sessions" "$MSGS")")
      log "size=$SIZE sessions=$sessions round=$round postfix=${a[*]:-} postern=${b[*]:-}"
    done
    print_row "$sessions" "$SIZE" "$MSGS" "$( [ $have_postfix = 1 ] && summary "${a[@]}" || echo n/a)" \
      "$( [ $have_postern = 1 ] && summary "${b[@]}" || echo n/a)" \
      "$(drain_median "$POSTFIX_PORT")s" "$(drain_median "$POSTERN_PORT")s"
  done
}

main
