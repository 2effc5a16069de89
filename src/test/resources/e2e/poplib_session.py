"""Drives Postern's POP3 server with Python's poplib; prints one line per observation.

Usage: poplib_session.py HOST PORT USER PASSWORD ACTION [plain|stls|ssl]
"""
import poplib
import ssl
import sys

host, port, user, password, action = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
mode = sys.argv[6] if len(sys.argv) > 6 else "plain"
context = ssl._create_unverified_context()  # the test certificate is self-signed
if mode == "ssl":
    pop = poplib.POP3_SSL(host, port, timeout=20, context=context)
else:
    pop = poplib.POP3(host, port, timeout=20)
print("welcome", pop.getwelcome().decode())
print("capa", " ".join(sorted(pop.capa().keys())))
if mode == "stls":
    print("stls", pop.stls(context=context).decode())
    print("capa", " ".join(sorted(pop.capa().keys())))
pop.user(user)
pop.pass_(password)
count, octets = pop.stat()
print("stat", count, octets)
for line in pop.list()[1]:
    print("list", line.decode())
for line in pop.uidl()[1]:
    print("uidl", line.decode())
for n in range(1, count + 1):
    response, lines, size = pop.retr(n)
    print("retr", n, size, "|".join(l.decode() for l in lines))
if count:
    print("top", "|".join(l.decode() for l in pop.top(1, 0)[1]))
if action == "dele-first":
    print("dele", pop.dele(1).decode())
print("quit", pop.quit().decode())
