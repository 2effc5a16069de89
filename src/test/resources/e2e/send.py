#!/usr/bin/env python3
"""Send one .eml over SMTP to 127.0.0.1 and print the server's final reply.

Usage: send.py --port P --mode plain|starttls|implicit-tls --from A --to B [--to C ...] --eml FILE
               [--ehlo NAME] [--auth USER:PASSWORD]
Prints 'FINAL <code> <text>' for the reply to the end of data (or to the command that failed)
and 'RCPT <addr> <code> <text>' for each recipient. Exit 0 when the final reply is 2xx.
Certificates are not verified: tests run against a throwaway self-signed one.
"""
import argparse
import smtplib
import ssl
import sys


def context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def connect(args):
    host = "127.0.0.1"  # tests only ever talk to the loopback
    if args.mode == "implicit-tls":
        client = smtplib.SMTP_SSL(host, args.port, local_hostname=args.ehlo, timeout=30, context=context())
    else:
        client = smtplib.SMTP(host, args.port, local_hostname=args.ehlo, timeout=30)
    client.ehlo()
    if args.mode == "starttls":
        code, text = client.starttls(context=context())
        print("STARTTLS", code, text.decode("utf-8", "replace"))
        client.ehlo()
    return client


def report(label, code, text):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    print(label, code, text.replace("\n", " | "))
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mode", choices=["plain", "starttls", "implicit-tls"], default="plain")
    parser.add_argument("--from", dest="sender", required=True)
    parser.add_argument("--to", action="append", required=True)
    parser.add_argument("--eml", required=True)
    parser.add_argument("--ehlo", default="client.test")
    parser.add_argument("--auth")
    args = parser.parse_args()
    with open(args.eml, "rb") as f:
        message = f.read()
    client = connect(args)
    try:
        if args.auth:
            user, password = args.auth.split(":", 1)
            code, text = client.login(user, password)
            report("AUTH", code, text)
        code, text = client.mail(args.sender)
        if code != 250:
            report("FINAL", code, text)
            return 1
        accepted = 0
        for rcpt in args.to:
            code, text = client.rcpt(rcpt)
            report("RCPT " + rcpt, code, text)
            accepted += 1 if code in (250, 251) else 0
        if accepted == 0:
            report("FINAL", code, text)
            return 1
        code, text = client.data(message)
        report("FINAL", code, text)
        return 0 if 200 <= code < 300 else 1
    except smtplib.SMTPResponseException as e:
        report("FINAL", e.smtp_code, e.smtp_error)
        return 1
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            pass


if __name__ == "__main__":
    sys.exit(main())
