#!/usr/bin/env bash
# Start-up: from `postern serve` (the real jar, its data directory already initialised) to the
# first 220 greeting. The target is under 1.5 s.
#
# Usage: bench/startup.sh     Knobs: ROUNDS=5 POSTERN_PORT=20426 POSTERN_JAVA_OPTS=…
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-5}
POSTERN_PORT=${POSTERN_PORT:-20426}
start_postern "$POSTERN_PORT"   # creates and initialises the data directory and the account
kill "$POSTERN_PID"; wait "$POSTERN_PID" 2>/dev/null || true
# As bin/postern starts it: with and without the ahead-of-time cache (bin/postern-aot makes it).
AOT="$WORK/postern.aot"
POSTERN_AOT_CACHE="$AOT" "$ROOT/bin/postern-aot" >/dev/null
cold=$(POSTERN_AOT_CACHE=/nonexistent python3 "$ROOT/bench/startup_time.py" "$POSTERN_PORT" "$ROUNDS" -- \
  "$ROOT/bin/postern" serve --config "$WORK/postern.conf")
aot=$(POSTERN_AOT_CACHE="$AOT" python3 "$ROOT/bench/startup_time.py" "$POSTERN_PORT" "$ROUNDS" -- \
  "$ROOT/bin/postern" serve --config "$WORK/postern.conf")
printf '%-20s %s\n' "postern" "$cold" "postern (AOT cache)" "$aot"
