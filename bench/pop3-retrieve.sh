#!/usr/bin/env bash
# POP3 retrieval throughput, Postern against Dovecot on the same Maildirs, same run, alternating.
# 127.0.0.1 only; every process started here is stopped on exit.
#
# Usage: bench/pop3-retrieve.sh
# Knobs (environment): ROUNDS=5  WARMUP_ROUNDS=10  CASES="2000x10240 100x1048576"  POSTERN_PORT=21110  DOVECOT_PORT=21111
# Needs: dovecot-pop3d (Debian), python3; builds target/postern.jar if it is missing.
# Postern is the real server (postern.jar serve) with only pop3.listen open; both servers use
# STLS with Postern's self-signed certificate, and the accounts come from postern's CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUNDS=${ROUNDS:-5}
CASES=${CASES:-"2000x10240 100x1048576"}
POSTERN_PORT=${POSTERN_PORT:-21110}
DOVECOT_PORT=${DOVECOT_PORT:-21111}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAR="$ROOT/target/postern.jar"
[ -f "$JAR" ] || ./mvnw -q -Dmaven.test.skip=true package

WORK=$(mktemp -d /tmp/postern-pop3-bench.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  set +e
  [ -f "$WORK/dovecot/dovecot.conf" ] && /usr/sbin/dovecot -c "$WORK/dovecot/dovecot.conf" stop 2>/dev/null
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

CONF="$WORK/postern.conf"
cat > "$CONF" <<CONF
hostname = bench.localhost
data_dir = $WORK/data
smtp.listen =
submission.listen =
submissions.listen =
pop3.listen = 127.0.0.1:$POSTERN_PORT
pop3s.listen =
CONF
postern() { "$JAVA_HOME/bin/java" -jar "$JAR" "$@" --config "$CONF"; }
postern init > /dev/null
postern domain add bench.test > /dev/null

# The Maildirs: CRLF messages named as Postern delivers them (S= and W=), in new/.
i=0
for case in $CASES; do
  count=${case%x*}; size=${case#*x}
  echo bench | postern user add "bench$i@bench.test" --password-stdin > /dev/null
  python3 - "$WORK/data/mail/bench.test/bench$i/Maildir" "$count" "$size" <<'PY'
import os, sys
maildir, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for sub in ("tmp", "new", "cur"):
    os.makedirs(os.path.join(maildir, sub), exist_ok=True)
line = b"x" * 76 + b"\r\n"
for n in range(1, count + 1):
    head = b"Subject: bench %d\r\nFrom: a@bench.test\r\n\r\n" % n
    body = (line * (size // len(line) + 1))[: size - len(head)]
    data = head + body
    name = "%d.M%dP1Q%d.bench,S=%d,W=%d" % (1700000000 + n, n, n, len(data), len(data))
    with open(os.path.join(maildir, "new", name), "wb") as f:
        f.write(data)
PY
  i=$((i + 1))
done

# Dovecot first: it takes ownership (as Debian's mail user) and assigns the UIDs.
mkdir -p "$WORK/dovecot"
python3 - "$WORK/dovecot" "$WORK/data" "$DOVECOT_PORT" <<'PY'
import sys, pathlib, subprocess
work, data, port = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
(work / "dovecot.conf").write_text(f"""
base_dir = {work}/run
state_dir = {work}/state
log_path = {work}/dovecot.log
protocols = pop3
listen = 127.0.0.1
ssl = yes
ssl_cert = <{data}/tls/cert.pem
ssl_key = <{data}/tls/key.pem
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 1
mail_location = maildir:{data}/mail/%d/%n/Maildir
passdb {{
  driver = static
  args = password=bench
}}
userdb {{
  driver = static
  args = uid=mail gid=mail home={work}/home/%u
}}
service pop3-login {{
  inet_listener pop3 {{
    port = {port}
  }}
  inet_listener pop3s {{
    port = 0
  }}
}}
""")
subprocess.run(["chown", "-R", "mail:mail", data + "/mail"], check=True)
subprocess.run(["/usr/sbin/dovecot", "-c", str(work / "dovecot.conf")], check=True)
PY

"$JAVA_HOME/bin/java" -jar "$JAR" serve --config "$CONF" > "$WORK/postern.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do
  (exec 3<>/dev/tcp/127.0.0.1/"$POSTERN_PORT") 2>/dev/null && break
  sleep 0.1
done

# Warm-up rounds, not counted (page cache; the JIT compiles RETR's path only after some ten
# thousand commands, which one round of 2,000 does not reach), then the measured rounds.
python3 bench/pop3_retrieve.py "$WORK" "$POSTERN_PORT" "$DOVECOT_PORT" "${WARMUP_ROUNDS:-10}" $CASES > /dev/null
python3 bench/pop3_retrieve.py "$WORK" "$POSTERN_PORT" "$DOVECOT_PORT" "$ROUNDS" $CASES
