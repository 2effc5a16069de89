#!/usr/bin/python3
"""Logs in with Python's smtplib (starttls() + login(), or SMTP_SSL) and optionally sends a message.

Prints one line per step: EHLO-AUTH <advertised>, LOGIN <code>, MAIL <code>, RCPT <code>, DATA <code>.
Exit 0 whatever the server answered; the test reads the lines. Exit 2 on a client-side failure.
"""
import argparse
import smtplib
import ssl
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--mode", choices=["plain", "starttls", "ssl"], required=True)
    p.add_argument("--source", default="127.0.0.1")
    p.add_argument("--mechanism", default="")  # empty: smtplib's own choice (login())
    p.add_argument("--user", default="")
    p.add_argument("--password", default="")
    p.add_argument("--attempts", type=int, default=1)
    p.add_argument("--mail-from", default="")
    p.add_argument("--rcpt", default="")
    a = p.parse_args()

    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if a.mode == "ssl":
        s = smtplib.SMTP_SSL("127.0.0.1", a.port, source_address=(a.source, 0), context=ctx, timeout=30)
    else:
        s = smtplib.SMTP("127.0.0.1", a.port, source_address=(a.source, 0), timeout=30)
    s.ehlo("client.test")
    if a.mode == "starttls":
        s.starttls(context=ctx)
        s.ehlo("client.test")
    print("EHLO-AUTH", s.esmtp_features.get("auth", "-").strip(), flush=True)
    if a.user:
        s.user, s.password = a.user, a.password  # what auth_plain/auth_login read
        for _ in range(a.attempts):
            try:
                if a.mechanism == "LOGIN":
                    code, text = s.auth("LOGIN", s.auth_login, initial_response_ok=False)
                elif a.mechanism == "PLAIN":
                    code, text = s.auth("PLAIN", s.auth_plain)
                else:
                    code, text = s.login(a.user, a.password)
                print("LOGIN", code, text.decode(), flush=True)
            except smtplib.SMTPAuthenticationError as e:
                print("LOGIN", e.smtp_code, e.smtp_error.decode(), flush=True)
            except smtplib.SMTPServerDisconnected as e:
                print("LOGIN disconnected", e, flush=True)
                return
    if a.mail_from:
        code, text = s.mail(a.mail_from)
        print("MAIL", code, text.decode(), flush=True)
        if code == 250:
            code, text = s.rcpt(a.rcpt)
            print("RCPT", code, text.decode(), flush=True)
            if code == 250:
                code, text = s.data(b"Subject: e2e auth\r\n\r\nhello\r\n")
                print("DATA", code, text.decode(), flush=True)
    try:
        s.quit()
    except smtplib.SMTPServerDisconnected:
        pass


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a client-side failure the test should show
        print("CLIENT-ERROR", type(e).__name__, e, file=sys.stderr)
        sys.exit(2)
