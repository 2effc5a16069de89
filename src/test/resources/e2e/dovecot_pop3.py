"""Runs Debian's Dovecot POP3 on a loopback port over a Postern data directory, with a throwaway
config, and prints LIST and UIDL for one account (the same lines poplib_session.py prints).

Usage: dovecot_pop3.py WORK_DIR DATA_DIR PORT USER PASSWORD
"""
import os
import pathlib
import poplib
import subprocess
import sys
import time

work, data, port, user, password = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
work.mkdir(parents=True, exist_ok=True)
config = work / "dovecot.conf"
config.write_text(f"""
base_dir = {work}/run
state_dir = {work}/state
log_path = {work}/dovecot.log
protocols = pop3
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 1
mail_location = maildir:{data}/mail/%d/%n/Maildir
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid=mail gid=mail home={work}/home/%u
}}
service pop3-login {{
  inet_listener pop3 {{
    port = {port}
  }}
  inet_listener pop3s {{
    port = 0
  }}
}}
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
""")
# Dovecot refuses to serve mail as root: the mailbox goes to Debian's "mail" user for the run
subprocess.run(["chown", "-R", "mail:mail", data], check=True)
subprocess.run(["/usr/sbin/dovecot", "-c", str(config)], check=True)
try:
    for _ in range(100):
        try:
            pop = poplib.POP3("127.0.0.1", port, timeout=10)
            break
        except OSError:
            time.sleep(0.1)
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
    print("quit", pop.quit().decode())
except Exception:
    print((work / "dovecot.log").read_text()[-3000:])
    raise
finally:
    subprocess.run(["/usr/sbin/dovecot", "-c", str(config), "stop"], check=False)
