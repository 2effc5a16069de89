#!/usr/bin/env bash
# Soak (issue 7; not CI): a real server (postern.jar serve) under moderate load for DURATION
# seconds — SESSIONS Python smtplib clients in a loop, each message to a local user, plus one
# POP3 client that downloads and deletes — sampling heap, threads and open fds every STEP seconds.
# Stable figures (docs/RELIABILITY.md) mean no leak. 127.0.0.1 only; stops what it started.
#
# Usage: bench/soak.sh      Knobs: DURATION=600 STEP=30 SESSIONS=4 PORT=22525 POP3_PORT=22110
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DURATION=${DURATION:-600}
STEP=${STEP:-30}
SESSIONS=${SESSIONS:-4}
PORT=${PORT:-22525}
POP3_PORT=${POP3_PORT:-22110}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAR="$ROOT/target/postern.jar"
[ -f "$JAR" ] || ./mvnw -q -o -Dmaven.test.skip=true package

WORK=$(mktemp -d /tmp/postern-soak.XXXXXX)
PIDS=()
cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

cat > "$WORK/postern.conf" <<CONF
hostname = mx.example.test
data_dir = $WORK/data
smtp.listen = 127.0.0.1:$PORT
submission.listen = 127.0.0.1:$((PORT + 1))
submissions.listen = 127.0.0.1:$((PORT + 2))
pop3.listen = 127.0.0.1:$POP3_PORT
pop3s.listen = 127.0.0.1:$((POP3_PORT + 1))
dns.servers = 127.0.0.1:9
auth.allow_plaintext_loopback = true
log.level = warn
CONF
postern() { "$JAVA_HOME/bin/java" -jar "$JAR" "$@" --config "$WORK/postern.conf"; }
postern domain add example.test >/dev/null
echo secret-password | postern user add alice@example.test --password-stdin >/dev/null

"$JAVA_HOME/bin/java" -Xmx256m -jar "$JAR" serve --config "$WORK/postern.conf" > "$WORK/server.log" 2>&1 &
SERVER=$!
PIDS+=("$SERVER")
for _ in $(seq 1 100); do grep -q "smtp listening" "$WORK/server.log" && break; sleep 0.2; done

cat > "$WORK/load.py" <<'PY'
import poplib, smtplib, sys, time
kind, port, until = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
sent = fetched = 0
body = "Subject: soak\r\n\r\n" + "soak line of text\r\n" * 100
while time.time() < until:
    try:
        if kind == "smtp":
            with smtplib.SMTP("127.0.0.1", port, timeout=30) as s:
                for _ in range(10):
                    s.sendmail("someone@remote.test", ["alice@example.test"], body)
                    sent += 1
        else:
            p = poplib.POP3("127.0.0.1", port, timeout=30)
            p.user("alice@example.test"); p.pass_("secret-password")
            for i in range(1, min(len(p.list()[1]), 200) + 1):
                p.retr(i); p.dele(i); fetched += 1
            p.quit()
            time.sleep(1)
    except Exception as e:
        print(kind, "error:", e, file=sys.stderr); time.sleep(1)
print(kind, "sent" if kind == "smtp" else "fetched", sent or fetched)
PY
END=$(( $(date +%s) + DURATION ))
for _ in $(seq 1 "$SESSIONS"); do python3 "$WORK/load.py" smtp "$PORT" "$END" >> "$WORK/load.out" 2>&1 & PIDS+=("$!"); done
python3 "$WORK/load.py" pop3 "$POP3_PORT" "$END" >> "$WORK/load.out" 2>&1 & PIDS+=("$!")

mkdir -p bench/out
OUT=bench/out/soak-$(date -u +%Y%m%dT%H%M%S).csv
echo "seconds,heap_used_kb_after_gc,threads,fds,rss_kb" | tee "$OUT"
START=$(date +%s)
while [ "$(date +%s)" -lt "$END" ]; do
  "$JAVA_HOME/bin/jcmd" "$SERVER" GC.run >/dev/null 2>&1 || true
  heap=$("$JAVA_HOME/bin/jcmd" "$SERVER" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+')
  threads=$(grep Threads "/proc/$SERVER/status" | awk '{print $2}')
  fds=$(ls "/proc/$SERVER/fd" | wc -l)
  rss=$(grep VmRSS "/proc/$SERVER/status" | awk '{print $2}')
  echo "$(( $(date +%s) - START )),$heap,$threads,$fds,$rss" | tee -a "$OUT"
  sleep "$STEP"
done
sleep 2
cat "$WORK/load.out"
echo "messages left in the queue: $(find "$WORK/data/queue/active" -type f ! -name '*.*' | wc -l)"
echo "figures in $OUT"
