/**
 * The SMTP server session (RFC 5321): {@link dev.postern.smtp.server.SmtpSession} reads a command
 * line, parses it into a sealed {@code SmtpCommand} (total: bad input is an {@code Invalid} with
 * its reply), dispatches through one exhaustive switch, and answers from one reply catalog
 * ({@code SmtpReplies}) through one writer ({@code ReplyWriter}) that logs refusals and flushes
 * once per pipelined batch (RFC 2920). Decisions and storage belong to the {@link
 * dev.postern.smtp.server.Inbound} port; this package never touches files, SQL or sockets.
 *
 * <p>Entry point: {@code new SmtpSession(connection, inbound, SessionSettings).run()}.
 *
 * <p>Invariants: the session state is a sealed type carrying its data (fresh, greeted, in a
 * transaction, receiving BDAT chunks); nothing is acknowledged with 250 before the sink committed;
 * a lost connection aborts an open sink; every read has a timeout and every command line, DATA and
 * BDAT chunk a deadline. Protocol errors (500–504, 555) count towards {@code maxBadCommands}; policy
 * refusals from Inbound do not.
 *
 * <p>Extensions: PIPELINING (RFC 2920), SIZE (RFC 1870), 8BITMIME (RFC 6152), ENHANCEDSTATUSCODES
 * (RFC 2034/3463), STARTTLS (RFC 3207), SMTPUTF8 (RFC 6531), CHUNKING (RFC 3030), DSN (RFC 3461).
 * AUTH (RFC 4954) is parsed and answered 502 until it lands; {@code Client.authenticatedUser} is
 * already carried in the greeting state for it.
 */
package dev.postern.smtp.server;
