#!/usr/bin/env bash
# Idle connections: how many concurrent idle SMTP sessions a server holds, what each costs in
# memory, and whether a fresh session is still answered quickly while they are held.
# Postern holds COUNT (default 10,000) in one JVM; Postfix runs one smtpd process per session,
# so it is measured at POSTFIX_COUNT (default 500) and compared per connection.
#
# Usage: bench/idle-connections.sh        (as root: a private Postfix; raises the fd limit)
# Knobs: COUNT=10000 POSTFIX_COUNT=500 POSTERN_PORT=20226 POSTFIX_PORT=20225
set -euo pipefail
source "$(dirname "$0")/lib.sh"
COUNT=${COUNT:-10000}
POSTFIX_COUNT=${POSTFIX_COUNT:-500}
POSTERN_PORT=${POSTERN_PORT:-20226}
POSTFIX_PORT=${POSTFIX_PORT:-20225}
# Client and server are separate processes: each needs COUNT descriptors and some to spare.
if [ "$(ulimit -n)" -lt $((COUNT + 1024)) ]; then
  ulimit -n $((COUNT + 1024)) 2>/dev/null || { log "open-file limit $(ulimit -n) is below COUNT+1024"; exit 1; }
fi

install_postfix
start_postern "$POSTERN_PORT" "smtp.max_connections = $((COUNT + 100))
smtp.max_connections_per_ip = 1000"
log "postern: holding $COUNT idle connections"
postern=$(python3 "$ROOT/bench/idle_connections.py" 127.0.0.1 "$POSTERN_PORT" "$COUNT" "$POSTERN_PID")
kill "$POSTERN_PID"

start_postfix "$POSTFIX_PORT" $((POSTFIX_COUNT + 20))
log "postfix: holding $POSTFIX_COUNT idle connections"
postfix=$(POSTFIX_MASTER=$POSTFIX_MASTER python3 "$ROOT/bench/idle_connections.py" 127.0.0.1 "$POSTFIX_PORT" \
  "$POSTFIX_COUNT" "$POSTFIX_MASTER")

printf '%-8s %s\n' server result
printf '%-8s %s\n' postern "$postern" postfix "$postfix"
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
awk -v a="$(field "$postfix" bytes_per_idle)" -v b="$(field "$postern" bytes_per_idle)" \
  'BEGIN { if (b > 0) printf "bytes per idle connection, postfix/postern: %.1f\n", a / b }'
