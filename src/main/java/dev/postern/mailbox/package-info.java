/**
 * Mailboxes stored as Maildir, laid out as Dovecot expects, so a host can move mailboxes between
 * Dovecot and Postern either way: {@code <data_dir>/mail/<domain>/<localpart>/Maildir/{tmp,new,cur}}
 * (domain and local part lower-cased; names that could escape the root are refused). The path is
 * computed in one place, {@code MaildirStore.maildirPath}, for both sides below.
 *
 * <p>Delivery: {@link dev.postern.mailbox.MaildirStore#maildir}, then
 * {@link dev.postern.mailbox.Maildir#deliver}. It follows Postfix's {@code virtual/maildir.c}:
 * write the file in {@code tmp/} under a unique name, fsync it, hard-link it into {@code new/}
 * (a link never replaces an existing file, unlike rename), unlink the {@code tmp/} name, fsync
 * {@code new/}. Only then is the delivery done. Unique names are Dovecot's
 * {@code <secs>.M<usecs>P<pid>Q<n>.<host>,S=<size>,W=<size>}.
 *
 * <p>Reading (POP3): {@link dev.postern.mailbox.Maildrops#open} locks a mailbox for one session
 * (in-process) and returns a {@link dev.postern.mailbox.Maildrop}, a snapshot taken at open: new
 * messages move to {@code cur/} and get UIDs in Dovecot's {@code dovecot-uidlist} (version 3,
 * UIDVALIDITY and next UID in the header; UIDs only grow and are never reused), which is updated
 * under Dovecot's dot-lock {@code dovecot-uidlist.lock} (created exclusively, stale after two
 * minutes, as in Dovecot), so Postern and Dovecot can take turns on the same Maildir. The caller
 * decides when to expunge (POP3: only in UPDATE) and which messages to flag seen ({@code S} in
 * Dovecot's {@code :2,} info); a file gone underneath is reported, never replaced by another.
 *
 * <p>Messages are stored with CRLF line endings, as the SMTP session hands them over. Dovecot
 * reads CRLF Maildir files; {@code S=} is the file size and {@code W=} (the RFC 5322 size with
 * CRLF) is therefore the same number. Any {@link java.io.IOException} (full disk included) is a
 * temporary failure for the caller to defer, never a reason to bounce.
 */
package dev.postern.mailbox;
