#!/usr/bin/env python3
"""Latency of whole SMTP transactions under load: SESSIONS concurrent clients, each sending
messages one after another (connect, EHLO, MAIL, RCPT, DATA, the message, QUIT) until TOTAL have
been sent; each transaction is timed from connect() to the 250 that follows the message.

Usage: smtp_latency.py HOST PORT SESSIONS TOTAL SIZE
Prints: count=N failed=F p50_ms=… p90_ms=… p99_ms=… max_ms=… rate=…/s
127.0.0.0/8 only; every read has a timeout; the work is bounded by TOTAL.
"""
import asyncio
import sys
import time

TIMEOUT = 30.0


async def reply(reader):
    """Reads one (possibly multi-line) reply; returns its code."""
    while True:
        line = await asyncio.wait_for(reader.readline(), TIMEOUT)
        if not line:
            raise ConnectionError("connection closed")
        if line[3:4] != b"-":
            return int(line[:3])


async def transaction(host, port, body):
    start = time.monotonic()
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), TIMEOUT)
    try:
        steps = [None, b"EHLO latency.example\r\n", b"MAIL FROM:<sender@client.test>\r\n",
                 b"RCPT TO:<bench@bench.test>\r\n", b"DATA\r\n", body]
        expected = [220, 250, 250, 250, 354, 250]
        for step, code in zip(steps, expected):
            if step is not None:
                writer.write(step)
                await writer.drain()
            got = await reply(reader)
            if got != code:
                raise RuntimeError(f"expected {code}, got {got}")
        elapsed = time.monotonic() - start
        writer.write(b"QUIT\r\n")
        await writer.drain()
        return elapsed
    finally:
        writer.close()


async def session(host, port, body, counter, total, times, failures):
    while counter[0] < total:
        counter[0] += 1
        try:
            times.append(await transaction(host, port, body))
        except (OSError, RuntimeError, ConnectionError, asyncio.TimeoutError) as e:
            failures.append(repr(e))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def main():
    host, port, sessions, total, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    line = b"x" * 76 + b"\r\n"
    body = b"Subject: latency\r\n\r\n" + line * max(1, size // len(line)) + b".\r\n"
    counter, times, failures = [0], [], []
    start = time.monotonic()
    await asyncio.gather(*(session(host, port, body, counter, total, times, failures) for _ in range(sessions)))
    wall = time.monotonic() - start
    if failures:
        print(f"first failure: {failures[0]}", file=sys.stderr)
    if not times:
        print("count=0 failed=%d" % len(failures))
        return
    ms = [t * 1000 for t in times]
    print(f"count={len(ms)} failed={len(failures)} p50_ms={percentile(ms, 50):.1f} p90_ms={percentile(ms, 90):.1f} "
          f"p99_ms={percentile(ms, 99):.1f} max_ms={max(ms):.1f} rate={len(ms) / wall:.1f}")


if __name__ == "__main__":
    asyncio.run(main())
