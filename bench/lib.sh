# Shared by the bench scripts: a scratch directory, bounded waits, a private Postfix and a Postern
# started from target/postern.jar, all stopped on exit. Source it after `set -euo pipefail`.
# 127.0.0.1 only; no real DNS (Postern's dns.servers is a dead loopback port).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAR="$ROOT/target/postern.jar"
# BENCH_TMP: where the scratch directory (data, queues, Maildirs) goes; /dev/shm measures without the disk.
WORK=$(mktemp -d "${BENCH_TMP:-/tmp}/postern-bench.XXXXXX")
chmod 755 "$WORK"
PIDS=()
POSTFIX_CONF="$WORK/postfix"

bench_cleanup() {
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
trap bench_cleanup EXIT

log() { echo "[bench] $*" >&2; }

need_jar() {
  [ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -q -Dmaven.test.skip=true package)
}

install_postfix() {
  if command -v postfix >/dev/null && command -v smtp-source >/dev/null; then return; fi
  log "installing postfix (smtp-source comes with it)"
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

# start_postfix PORT PROCESS_LIMIT: a private Postfix taking mail for bench.test into Maildirs
# under $WORK/postfix-mail (virtual delivery, as nobody). Sets POSTFIX_MAILDIR and POSTFIX_MASTER.
start_postfix() {
  local port=$1 limit=${2:-200}
  local queue="$WORK/postfix-queue" data="$WORK/postfix-data" mail="$WORK/postfix-mail"
  mkdir -p "$POSTFIX_CONF" "$queue" "$data" "$mail"
  chown postfix "$data"
  chown nobody:nogroup "$mail"
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
smtpd_client_connection_count_limit = 0
virtual_mailbox_domains = bench.test
virtual_mailbox_base = $mail
virtual_mailbox_maps = static:bench/
virtual_uid_maps = static:$(id -u nobody)
virtual_gid_maps = static:$(id -g nobody)
default_process_limit = $limit
maillog_file = $WORK/postfix.log
maillog_file_prefixes = $WORK
CF
  cat > "$POSTFIX_CONF/master.cf" <<CF
127.0.0.1:$port inet n - n - - smtpd
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
local      unix  - n n -    - local
virtual    unix  - n n -    - virtual
anvil      unix  - - n -    1 anvil
scache     unix  - - n -    1 scache
postlog    unix-dgram n - n - 1 postlogd
CF
  postfix -c "$POSTFIX_CONF" check
  postfix -c "$POSTFIX_CONF" start >/dev/null 2>&1 || { cat "$WORK/postfix.log" >&2 || true; return 1; }
  wait_for_port "$port" || { log "postfix did not listen"; cat "$WORK/postfix.log" >&2 || true; return 1; }
  POSTFIX_MAILDIR="$mail"
  POSTFIX_MASTER=$(cat "$queue/pid/master.pid" | tr -d ' ')
}

# start_postern PORT [EXTRA_CONFIG_LINES]: Postern serving bench.test (user bench@bench.test) on
# 127.0.0.1:PORT with its own data directory. Sets POSTERN_DATA and POSTERN_PID.
start_postern() {
  local port=$1 extra=${2:-}
  need_jar
  POSTERN_DATA="$WORK/postern-data"
  local config="$WORK/postern.conf"
  mkdir -p "$POSTERN_DATA"
  cat > "$config" <<CONF
hostname = bench.localhost
data_dir = $POSTERN_DATA
smtp.listen = 127.0.0.1:$port
submission.listen =
submissions.listen =
pop3.listen =
pop3s.listen =
dns.servers = 127.0.0.1:9
${extra:-smtp.max_connections_per_ip = 200}
CONF
  { "$ROOT/bin/postern" domain add bench.test --config "$config" &&
    echo bench-password | "$ROOT/bin/postern" user add bench@bench.test --password-stdin --config "$config"
  } >"$WORK/postern-setup.log" 2>&1 || { cat "$WORK/postern-setup.log" >&2; return 1; }
  "$JAVA_HOME/bin/java" ${POSTERN_JAVA_OPTS:-} -jar "$JAR" serve --config "$config" >"$WORK/postern.log" 2>&1 &
  POSTERN_PID=$!
  PIDS+=("$POSTERN_PID")
  wait_for_port "$port" || { log "postern did not listen"; tail -20 "$WORK/postern.log" >&2; return 1; }
}

# set_aside DIR DEST: moves the files under DIR's new/ folders into DEST (a rename: the inode stays
# allocated) instead of deleting them. On an ext4 without a journal (this machine's), creating a
# file scans past every inode freed in the last ~30 s (the kernel's recently_deleted()), so deleting
# a run's files before the next made each file the next server created cost more: an artifact of
# the harness that charged whoever ran next. DEST goes with the scratch directory at the end.
set_aside() {
  mkdir -p "$2"
  find "$1" -path '*/new/*' -type f -exec mv -t "$2" {} + 2>/dev/null || true
}

# "median min max" of the numbers given, or "FAIL" if any is FAIL.
summary() {
  case " $* " in *" FAIL "*) echo "FAIL"; return ;; esac
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f %.1f %.1f\n", m, v[1], v[NR] }'
}
