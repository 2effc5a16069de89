/**
 * The POP3 server (RFC 1939) with CAPA and response codes (RFC 2449, RFC 3206), STLS (RFC 2595)
 * and AUTH PLAIN/LOGIN (RFC 5034, RFC 4616).
 *
 * <p>Entry point: {@link dev.postern.pop3.Pop3Session}, one per connection, which reads like the
 * RFC: AUTHORIZATION, TRANSACTION, UPDATE, as a sealed {@code Pop3State} carrying its data;
 * commands are parsed into the sealed {@code Pop3Command} and dispatched by exhaustive switches.
 * Ports it calls: {@link dev.postern.pop3.Authenticator}, {@link dev.postern.pop3.MaildropOpener}
 * (with {@link dev.postern.pop3.MaildirMaildrops} over {@code mailbox.Maildrops}) and
 * {@link dev.postern.pop3.LoginListener} (POP-before-SMTP).
 *
 * <p>Invariants: every reply comes from {@code Pop3Replies} and leaves through {@code Pop3Writer};
 * the maildrop listing is a snapshot taken at login and message numbers never shift; nothing is
 * deleted before UPDATE, and a session that ends without QUIT deletes nothing; LIST sizes are
 * the octets RETR sends before dot-stuffing; UIDLs are Dovecot's {@code %08Xu%08Xv}.
 */
package dev.postern.pop3;
