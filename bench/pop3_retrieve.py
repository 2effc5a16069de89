"""POP3 retrieval, Postern against Dovecot on the same Maildir, same run, alternating rounds.

Each round: connect, log in, RETR every message (no DELE), QUIT; timed from connect to the
sign-off. The client reads raw bytes until CRLF.CRLF, so it is not the bottleneck poplib would be.
Prints msgs/s and MB/s per server and the Postern/Dovecot ratio, as a Markdown table.

Usage: pop3_retrieve.py WORK_DIR POSTERN_PORT DOVECOT_PORT ROUNDS COUNTxSIZE [COUNTxSIZE ...]
The Maildirs must already exist (pop3-retrieve.sh makes them); user bench<i>@bench.test holds case i.
"""
import socket
import statistics
import sys
import time

work, postern_port, dovecot_port, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
cases = [tuple(int(x) for x in c.split("x")) for c in sys.argv[5:]]


class Client:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.buffer = b""
        self.line()

    def line(self):
        while b"\r\n" not in self.buffer:
            self.buffer += self.sock.recv(1 << 20)
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def command(self, text):
        self.sock.sendall(text.encode() + b"\r\n")
        reply = self.line()
        if not reply.startswith(b"+OK"):
            raise RuntimeError(f"{text.split()[0]}: {reply!r}")
        return reply

    def multiline(self, text):
        self.command(text)
        total = 0
        while True:
            end = self.buffer.find(b"\r\n.\r\n")
            if end >= 0 or self.buffer.startswith(b".\r\n"):
                cut = 3 if self.buffer.startswith(b".\r\n") else end + 5
                total += cut
                self.buffer = self.buffer[cut:]
                return total
            keep = self.buffer[-4:]
            total += len(self.buffer) - 4
            self.buffer = keep + self.sock.recv(1 << 20)


def one_round(port, user, count):
    start = time.perf_counter()
    client = Client(port)
    client.command(f"USER {user}")
    client.command("PASS bench")
    octets = 0
    for n in range(1, count + 1):
        octets += client.multiline(f"RETR {n}")
    client.command("QUIT")
    client.sock.close()
    return time.perf_counter() - start, octets


print("| messages | server | msgs/s (median) | MB/s (median) |")
print("|---|---|---|---|")
ratios = []
for i, (count, size) in enumerate(cases):
    user = f"bench{i}@bench.test"
    results = {"postern": [], "dovecot": []}
    for r in range(rounds):
        order = [("postern", postern_port), ("dovecot", dovecot_port)]
        if r % 2:
            order.reverse()
        for name, port in order:
            seconds, octets = one_round(port, user, count)
            results[name].append((count / seconds, octets / seconds / 1e6))
    medians = {}
    for name in ("postern", "dovecot"):
        msgs = statistics.median(x[0] for x in results[name])
        mbs = statistics.median(x[1] for x in results[name])
        medians[name] = msgs
        print(f"| {count} x {size // 1024} KB | {name} | {msgs:.0f} | {mbs:.1f} |")
    ratios.append((f"{count} x {size // 1024} KB", medians["postern"] / medians["dovecot"]))
print()
for label, ratio in ratios:
    print(f"Postern/Dovecot for {label}: {ratio:.2f}")
