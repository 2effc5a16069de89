#!/usr/bin/env python3
"""Start-up time: from exec of a server command until its first 220 greeting on PORT.

Usage: startup_time.py PORT ROUNDS -- COMMAND...
Also reports the CPU time (user + system) the server had used when its 220 arrived: on a busy
machine the wall time stretches, the CPU time much less. Each round starts COMMAND, connects every 5 ms until a 220 arrives (30 s at most), then stops it
with SIGTERM (SIGKILL after 20 s). Prints: rounds=N median_ms=… min_ms=… max_ms=…
127.0.0.1 only.
"""
import os
import signal
import socket
import subprocess
import sys
import time


def first_greeting(port, deadline):
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                if s.recv(512).startswith(b"220"):
                    return time.monotonic()
        except OSError:
            time.sleep(0.005)
    raise TimeoutError("no 220 within 30 s")


def cpu_ms(pid):
    """User + system CPU the process has used so far: what start-up costs, whatever the load."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def main():
    port, rounds = int(sys.argv[1]), int(sys.argv[2])
    command = sys.argv[sys.argv.index("--") + 1:]
    times, cpu = [], []
    for _ in range(rounds):
        start = time.monotonic()
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            times.append((first_greeting(port, start + 30) - start) * 1000)
            cpu.append(cpu_ms(server.pid))
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    times.sort()
    cpu.sort()
    print(f"rounds={len(times)} median_ms={times[len(times) // 2]:.0f} min_ms={times[0]:.0f} max_ms={times[-1]:.0f} "
          f"cpu_median_ms={cpu[len(cpu) // 2]:.0f}")


if __name__ == "__main__":
    main()
