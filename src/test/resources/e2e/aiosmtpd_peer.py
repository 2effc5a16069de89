"""A remote SMTP peer for Postern's outbound tests: aiosmtpd with STARTTLS required.

Usage: aiosmtpd_peer.py PORT CERT KEY OUT [starttls|implicit]. Prints "ready" once listening; stops
when stdin closes. AUTH PLAIN/LOGIN (over TLS only) accepts relay / secret.
Each message is appended to OUT: MAIL, RCPT lines, TLS yes/no, the content, then a --END-- line.
RCPT to nobody@... is refused with 550 5.1.1.
"""
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, out):
        self.out = out

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        with open(self.out, "ab") as f:
            f.write(b"MAIL " + envelope.mail_from.encode() + b"\n")
            for rcpt in envelope.rcpt_tos:
                f.write(b"RCPT " + rcpt.encode() + b"\n")
            f.write(b"TLS " + (b"yes" if session.ssl else b"no") + b"\n")
            f.write(envelope.original_content)
            f.write(b"--END--\n")
        return "250 2.0.0 queued"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"relay" and auth_data.password == b"secret"
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


def main():
    port, cert, key, out = sys.argv[1:5]
    mode = sys.argv[5] if len(sys.argv) > 5 else "starttls"
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    if mode == "implicit":
        # aiosmtpd only knows about TLS it started itself (STARTTLS), so it would hide AUTH here.
        tls = dict(ssl_context=context, auth_require_tls=False)
    else:
        tls = dict(tls_context=context, require_starttls=True, auth_require_tls=True)
    controller = Controller(Handler(out), hostname="127.0.0.1", port=int(port),
                            authenticator=authenticator, **tls)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
