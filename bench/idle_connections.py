#!/usr/bin/env python3
"""Holds N idle SMTP connections open against one server and reports what they cost it.

Opens the connections from 127.0.0.2 upwards (CONNS_PER_IP per source address, so per-IP caps and
ephemeral ports are not the limit), reads each 220 greeting, then measures the server's memory and
how long a fresh session takes to get its 220 and its EHLO reply while all of them stay open.

Usage: idle_connections.py HOST PORT COUNT PIDS...
PIDS are the processes whose memory counts: one JVM for Postern; for Postfix, the master and every
smtpd (the script re-reads the smtpd list after connecting). Prints one line of key=value pairs.
127.0.0.0/8 only; every socket has a timeout; the count is bounded by COUNT.
"""
import os
import socket
import subprocess
import sys
import time

CONNS_PER_IP = 200
TIMEOUT = 20.0


def source(i):
    n = 2 + i // CONNS_PER_IP  # 127.0.0.2, 127.0.0.3, ... then 127.0.1.x
    return f"127.0.{n // 250}.{n % 250 + 2}"


def greeting(sock):
    data = b""
    while not data.endswith(b"\r\n"):
        chunk = sock.recv(512)
        if not chunk:
            raise ConnectionError("closed before the greeting")
        data += chunk
    return data


def memory_kib(pids, field="Pss:"):
    """Pss (shared pages split between their users) or Rss of each process, summed, in KiB."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith(field):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def postfix_smtpd_pids(master):
    out = subprocess.run(["pgrep", "-P", str(master), "-x", "smtpd"], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def fresh_session(host, port):
    start = time.monotonic()
    with socket.create_connection((host, port), timeout=TIMEOUT, source_address=("127.0.0.1", 0)) as s:
        greeting(s)
        banner = time.monotonic() - start
        s.sendall(b"EHLO fresh.example\r\n")
        data = b""
        while b"\r\n250 " not in b"\r\n" + data:
            data += s.recv(4096)
        ehlo = time.monotonic() - start
        s.sendall(b"QUIT\r\n")
    return banner, ehlo


def main():
    host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    pids = [int(p) for p in sys.argv[4:]]
    postfix = os.environ.get("POSTFIX_MASTER")
    before = memory_kib(pids)
    socks, refused = [], 0
    started = time.monotonic()
    for i in range(count):
        try:
            s = socket.create_connection((host, port), timeout=TIMEOUT, source_address=(source(i), 0))
            line = greeting(s)
            if not line.startswith(b"220"):
                refused += 1
                s.close()
                continue
            socks.append(s)
        except OSError as e:
            print(f"connection {i} failed: {e}", file=sys.stderr)
            break
    opened = time.monotonic() - started
    time.sleep(2)  # let the server settle (GC, lazily started workers)
    counted = pids + (postfix_smtpd_pids(int(postfix)) if postfix else [])
    after = memory_kib(counted)
    rss = memory_kib(counted, "Rss:")
    banner, ehlo = fresh_session(host, port)
    held = len(socks)
    per_conn = (after - before) * 1024 / held if held else 0
    print(f"held={held} refused={refused} open_seconds={opened:.1f} memory_before_mib={before / 1024:.1f} "
          f"memory_after_mib={after / 1024:.1f} rss_after_mib={rss / 1024:.1f} bytes_per_idle={per_conn:.0f} "
          f"fresh_220_ms={banner * 1000:.1f} fresh_ehlo_ms={ehlo * 1000:.1f}")
    for s in socks:
        s.close()


if __name__ == "__main__":
    main()
