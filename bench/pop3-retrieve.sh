#!/usr/bin/env bash
# POP3 retrieval throughput, Postern against Dovecot on the same Maildirs, same run, alternating.
# 127.0.0.1 only; every process started here is stopped on exit.
#
# Usage: bench/pop3-retrieve.sh
# Knobs (environment): ROUNDS=5  CASES="2000x10240 100x1048576"  POSTERN_PORT=21110  DOVECOT_PORT=21111
# Needs: dovecot-pop3d (Debian), python3, a built test tree (./mvnw -o test-compile).
# Postern runs as dev.postern.pop3.Pop3BenchServer (the real session and Maildir code behind a
# test-only accept loop) until Main serves POP3.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUNDS=${ROUNDS:-5}
CASES=${CASES:-"2000x10240 100x1048576"}
POSTERN_PORT=${POSTERN_PORT:-21110}
DOVECOT_PORT=${DOVECOT_PORT:-21111}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

WORK=$(mktemp -d /tmp/postern-pop3-bench.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  set +e
  [ -f "$WORK/dovecot/dovecot.conf" ] && /usr/sbin/dovecot -c "$WORK/dovecot/dovecot.conf" stop 2>/dev/null
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# The Maildirs: CRLF messages named as Postern delivers them (S= and W=), in new/.
i=0
for case in $CASES; do
  count=${case%x*}; size=${case#*x}
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
ssl = no
disable_plaintext_auth = no
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
subprocess.run(["chown", "-R", "mail:mail", data], check=True)
subprocess.run(["/usr/sbin/dovecot", "-c", str(work / "dovecot.conf")], check=True)
PY

CP="$ROOT/target/classes:$ROOT/target/test-classes:$(./mvnw -B -o -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout 2>/dev/null | grep -v WARNING)"
"$JAVA_HOME/bin/java" -cp "$CP" dev.postern.pop3.Pop3BenchServer "$WORK/data" "$POSTERN_PORT" bench &
PIDS+=($!)
for _ in $(seq 1 100); do
  (exec 3<>/dev/tcp/127.0.0.1/"$POSTERN_PORT") 2>/dev/null && break
  sleep 0.1
done

# One warm-up round each (JIT, page cache), then the measured rounds.
python3 bench/pop3_retrieve.py "$WORK" "$POSTERN_PORT" "$DOVECOT_PORT" 1 $CASES > /dev/null
python3 bench/pop3_retrieve.py "$WORK" "$POSTERN_PORT" "$DOVECOT_PORT" "$ROUNDS" $CASES
